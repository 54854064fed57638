//! Outlets and tags: the index of each, and a page per outlet or tag with
//! its articles a page at a time.

use serde::Serialize;

use super::deps::At;
use super::routes::Page;
use super::view::{ArticleCard, Listed, Pagination, View};
use crate::link::{Briefing, Group, GroupId};

/// Which kind of group a page lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum GroupKind {
    Outlets,
    Tags,
}

impl GroupKind {
    fn as_str(self) -> &'static str {
        match self {
            GroupKind::Outlets => "outlets",
            GroupKind::Tags => "tags",
        }
    }

    fn title_key(self) -> &'static str {
        match self {
            GroupKind::Outlets => "nav.outlets",
            GroupKind::Tags => "nav.tags",
        }
    }

    pub fn list(self, briefing: &Briefing) -> &[Group] {
        match self {
            GroupKind::Outlets => &briefing.outlets,
            GroupKind::Tags => &briefing.tags,
        }
    }

    fn at(self, i: usize) -> At {
        match self {
            GroupKind::Outlets => At::Outlet(i),
            GroupKind::Tags => At::Tag(i),
        }
    }

    fn index_page(self) -> Page {
        match self {
            GroupKind::Outlets => Page::Outlets,
            GroupKind::Tags => Page::Tags,
        }
    }

    fn page(self, id: GroupId, page: usize) -> Page {
        match self {
            GroupKind::Outlets => Page::Outlet(id, page),
            GroupKind::Tags => Page::Tag(id, page),
        }
    }
}

#[derive(Serialize)]
pub(crate) struct GroupsPage<'a> {
    title: String,
    kind: &'static str,
    groups: Vec<GroupEntry<'a>>,
}

#[derive(Serialize)]
struct GroupEntry<'a> {
    name: &'a str,
    url: String,
    count: usize,
}

pub(crate) fn index<'a>(view: &View<'a>, kind: GroupKind) -> GroupsPage<'a> {
    view.reads_counts();
    let groups = kind
        .list(view.briefing)
        .iter()
        .enumerate()
        .map(|(i, g)| {
            view.reads_lists(kind.at(i));
            GroupEntry {
                name: &g.name,
                url: view.href(&kind.page(g.id(), 1)),
                count: g.articles.len(),
            }
        })
        .collect();
    GroupsPage {
        title: view.i18n().get(kind.title_key()),
        kind: kind.as_str(),
        groups,
    }
}

#[derive(Serialize)]
pub(crate) struct GroupPage<'a> {
    title: &'a str,
    kind: &'static str,
    group: GroupData<'a>,
    index_url: String,
    articles: Vec<Listed<ArticleCard<'a>>>,
    pagination: Pagination,
}

#[derive(Serialize)]
struct GroupData<'a> {
    name: &'a str,
    slug: &'a str,
    count: usize,
}

/// Page `page` (from 1) of group `i` of `kind`.
pub(crate) fn context<'a>(
    view: &View<'a>,
    kind: GroupKind,
    i: usize,
    page: usize,
) -> GroupPage<'a> {
    let group = &kind.list(view.briefing)[i];
    view.reads_lists(kind.at(i));
    let id = group.id();
    GroupPage {
        title: &group.name,
        kind: kind.as_str(),
        group: GroupData {
            name: &group.name,
            slug: &group.slug,
            count: group.articles.len(),
        },
        index_url: view.href(&kind.index_page()),
        articles: view.listed_cards(view.page_slice(&group.articles, page), 2),
        pagination: view.pagination(group.articles.len(), page, |p| kind.page(id.clone(), p)),
    }
}
