//! The page a host serves for a missing address. A host serves it at any
//! depth, so it carries its own style and loads nothing.

use serde::Serialize;

use super::view::View;

#[derive(Serialize)]
pub(crate) struct NotFoundPage {
    title: &'static str,
    inline_style: String,
}

pub(crate) fn context(view: &View<'_>) -> NotFoundPage {
    NotFoundPage {
        title: "Page not found",
        inline_style: {
            view.reads_asset("style.css");
            view.templates.asset_text("style.css")
        },
    }
}
