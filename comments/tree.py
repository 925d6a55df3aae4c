"""Nesting a flat, oldest-first list of comments into threads, without further queries."""

from dataclasses import dataclass, field

from comments.models import Comment


@dataclass
class Node:
    comment: object
    replies: list["Node"] = field(default_factory=list)


def build_tree(comments) -> list[Node]:
    """Top-level nodes in the given order, each with its replies nested.

    A reply whose parent is not in the list (not approved, say) is not shown:
    readers never see a reply to something they cannot read. A comment deleted
    by its author stays as an empty place only where shown replies hang from it.
    """
    nodes = {comment.pk: Node(comment) for comment in comments}
    roots = []
    for node in nodes.values():
        parent_id = node.comment.parent_id
        if parent_id is None:
            roots.append(node)
        elif parent_id in nodes:
            nodes[parent_id].replies.append(node)
    return _without_empty_places(roots)


def _without_empty_places(nodes):
    """The nodes, less the comments their authors deleted from which no reply shown hangs."""
    kept = []
    for node in nodes:
        node.replies = _without_empty_places(node.replies)
        if node.replies or node.comment.status != Comment.Status.WITHDRAWN:
            kept.append(node)
    return kept
