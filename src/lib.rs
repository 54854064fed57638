//! briefing: a static site generator for news briefings.
//!
//! One pipeline, data flowing one way:
//! `content/*.md` → [`load`] → `Site` → [`link`] → `Briefing` → [`render`] → pages → [`output`] → `public/`.
//! [`build`] runs the whole pipe; the command line in `main.rs` only parses
//! arguments and prints.

pub mod build;
pub mod calendar;
pub mod config;
pub mod diag;
pub mod frontmatter;
pub mod i18n;
pub mod import;
pub mod incremental;
pub mod link;
pub mod load;
pub mod lock;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod statements;
pub mod templates;
pub mod text;
pub mod timings;
pub mod visits;
