//! The organisation tree in pre-order: a subtree is one contiguous range of indices.

use std::collections::HashMap;

use domain::{Org, OrgId};

#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Node {
    pub org: Org,
    pub parent: Option<usize>,
    /// One past the last index of this node's subtree.
    pub end: usize,
    pub depth: usize,
    pub children: Vec<usize>,
}

#[derive(Clone, Debug, Default, serde::Serialize, serde::Deserialize)]
pub struct Tree {
    pub nodes: Vec<Node>,
    index: HashMap<OrgId, usize>,
}

impl Tree {
    /// Orders `orgs` depth-first, siblings in the given order, then by Vietnamese name.
    pub fn build(orgs: Vec<Org>) -> Tree {
        let mut children: HashMap<Option<OrgId>, Vec<Org>> = HashMap::new();
        let known: std::collections::HashSet<OrgId> = orgs.iter().map(|o| o.id).collect();
        for o in orgs {
            let parent = o.parent.filter(|p| known.contains(p));
            children.entry(parent).or_default().push(o);
        }
        let mut tree = Tree::default();
        let mut stack: Vec<(Org, Option<usize>, usize)> = Vec::new();
        let push_children = |stack: &mut Vec<_>, list: Option<Vec<Org>>, parent: Option<usize>, depth: usize| {
            for o in list.unwrap_or_default().into_iter().rev() {
                stack.push((o, parent, depth));
            }
        };
        push_children(&mut stack, children.remove(&None), None, 0);
        while let Some((org, parent, depth)) = stack.pop() {
            let i = tree.nodes.len();
            tree.index.insert(org.id, i);
            if let Some(p) = parent {
                tree.nodes[p].children.push(i);
            }
            let id = org.id;
            tree.nodes.push(Node { org, parent, end: i + 1, depth, children: Vec::new() });
            push_children(&mut stack, children.remove(&Some(id)), Some(i), depth + 1);
        }
        for i in (0..tree.nodes.len()).rev() {
            if let Some(p) = tree.nodes[i].parent {
                tree.nodes[p].end = tree.nodes[p].end.max(tree.nodes[i].end);
            }
        }
        tree
    }

    pub fn index_of(&self, id: OrgId) -> Option<usize> {
        self.index.get(&id).copied()
    }

    pub fn get(&self, id: OrgId) -> Option<&Node> {
        self.index_of(id).map(|i| &self.nodes[i])
    }

    /// Ancestors from the root down to `id` itself.
    pub fn lineage(&self, id: OrgId) -> Vec<OrgId> {
        let mut out = Vec::new();
        let mut cur = self.index_of(id);
        while let Some(i) = cur {
            out.push(self.nodes[i].org.id);
            cur = self.nodes[i].parent;
        }
        out.reverse();
        out
    }

    /// Whether `inner` lies in the subtree of `outer` (itself included).
    pub fn within(&self, inner: OrgId, outer: OrgId) -> bool {
        match (self.index_of(inner), self.index_of(outer)) {
            (Some(i), Some(o)) => o <= i && i < self.nodes[o].end,
            _ => false,
        }
    }
}
