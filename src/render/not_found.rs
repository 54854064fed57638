//! The page a host serves for a missing address (a host serves it at any
//! depth, so it carries its own style and loads nothing), and the search
//! page, whose results the browser fills in.

use serde::Serialize;

use super::view::View;

#[derive(Serialize)]
pub(crate) struct NotFoundPage {
    title: String,
    inline_style: String,
}

pub(crate) fn context(view: &View<'_>) -> NotFoundPage {
    NotFoundPage {
        title: view.i18n().get("not_found.title"),
        inline_style: {
            view.reads_asset("style.css");
            view.templates.asset_text("style.css")
        },
    }
}

#[derive(Serialize)]
pub(crate) struct SearchPage {
    title: String,
}

pub(crate) fn search(view: &View<'_>) -> SearchPage {
    SearchPage {
        title: view.i18n().get("search.title"),
    }
}
