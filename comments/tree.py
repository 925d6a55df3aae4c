"""Nesting a flat, oldest-first list of comments into threads, without further queries."""

from dataclasses import dataclass, field


@dataclass
class Node:
    comment: object
    replies: list["Node"] = field(default_factory=list)


def build_tree(comments) -> list[Node]:
    """Top-level nodes in the given order, each with its replies nested.

    A reply whose parent is not in the list (not approved, say) is not shown:
    readers never see a reply to something they cannot read.
    """
    nodes = {comment.pk: Node(comment) for comment in comments}
    roots = []
    for node in nodes.values():
        parent_id = node.comment.parent_id
        if parent_id is None:
            roots.append(node)
        elif parent_id in nodes:
            nodes[parent_id].replies.append(node)
    return roots
