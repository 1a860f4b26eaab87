// Venmo APIs 26–34: likes and comments on transactions.
import { fail, notFound, notYours, p, PAGING, MESSAGE, type ApiDeclaration, type ApiContext } from "./define.js";
import { paginate } from "./paging.js";
import { COMMENT_EXAMPLE, userRef, visibleTransaction } from "./venmo-views.js";
import { allocateId } from "../mutations.js";
import type { TransactionComment } from "../state.js";

function commentView(c: ApiContext, comment: TransactionComment) {
  return {
    transaction_id: comment.transactionId,
    comment: comment.comment,
    created_at: comment.createdAt,
    like_count: comment.likedBy.length,
    comment_id: comment.id,
    user: userRef(c.state, comment.userId),
  };
}

function findComment(c: ApiContext): TransactionComment {
  const comment = c.state.venmo.comments.find((x) => x.id === c.args.comment_id);
  if (!comment) notFound("transaction comment", c.args.comment_id);
  visibleTransaction(c.state, c.user, comment.transactionId);
  return comment;
}

function ownComment(c: ApiContext): TransactionComment {
  const comment = findComment(c);
  if (comment.userId !== c.user.id) notYours("transaction comment");
  return comment;
}

const COMMENT_ID = (what: string) => p.int("comment_id", `ID of the transaction comment to ${what}.`);

export const VENMO_COMMENTS: ApiDeclaration[] = [
  {
    name: "like_transaction",
    method: "POST",
    path: "/transactions/{transaction_id}/likes",
    description: "Like a transaction.",
    auth: true,
    params: [p.int("transaction_id", "ID of the transaction to like.")],
    response: MESSAGE,
    handler: (c) => {
      const tx = visibleTransaction(c.state, c.user, c.args.transaction_id);
      if (tx.likedBy.includes(c.user.id)) fail("You have already liked this transaction.");
      tx.likedBy.push(c.user.id);
      return { message: "Liked transaction." };
    },
  },
  {
    name: "unlike_transaction",
    method: "DELETE",
    path: "/transactions/{transaction_id}/likes",
    description: "Unlike a transaction.",
    auth: true,
    params: [p.int("transaction_id", "ID of the transaction to unlike.")],
    response: MESSAGE,
    handler: (c) => {
      const tx = visibleTransaction(c.state, c.user, c.args.transaction_id);
      if (!tx.likedBy.includes(c.user.id)) fail("You have not liked this transaction.");
      tx.likedBy = tx.likedBy.filter((id) => id !== c.user.id);
      return { message: "Unliked transaction." };
    },
  },
  {
    name: "show_transaction_comments",
    method: "GET",
    path: "/transactions/{transaction_id}/comments",
    description: "Get a list of transaction comments.",
    auth: true,
    params: [p.int("transaction_id", "ID of the transaction to retrieve comments for."), ...PAGING],
    response: [COMMENT_EXAMPLE],
    handler: (c) => {
      const tx = visibleTransaction(c.state, c.user, c.args.transaction_id);
      const comments = c.state.venmo.comments.filter((x) => x.transactionId === tx.id);
      return paginate(comments, c.args).map((x) => commentView(c, x));
    },
  },
  {
    name: "create_transaction_comment",
    method: "POST",
    path: "/transactions/{transaction_id}/comments",
    description: "Create a new transaction comment.",
    auth: true,
    params: [
      p.int("transaction_id", "ID of the transaction to comment on."),
      p.str("comment", "Comment on the transaction."),
    ],
    response: { message: "string", comment_id: 1 },
    handler: (c) => {
      const tx = visibleTransaction(c.state, c.user, c.args.transaction_id);
      const id = allocateId(c.state, "comment");
      c.state.venmo.comments.push({
        id,
        transactionId: tx.id,
        userId: c.user.id,
        comment: String(c.args.comment),
        createdAt: c.state.now,
        likedBy: [],
      });
      return { message: "Transaction comment created.", comment_id: id };
    },
  },
  {
    name: "show_transaction_comment",
    method: "GET",
    path: "/comments/{comment_id}",
    description: "Show detailed information about a transaction comment.",
    auth: true,
    params: [COMMENT_ID("show details of")],
    response: COMMENT_EXAMPLE,
    handler: (c) => commentView(c, findComment(c)),
  },
  {
    name: "update_transaction_comment",
    method: "PATCH",
    path: "/comments/{comment_id}",
    description: "Update a transaction comment.",
    auth: true,
    params: [COMMENT_ID("update"), p.str("comment", "Updated comment on the transaction.")],
    response: MESSAGE,
    handler: (c) => {
      ownComment(c).comment = String(c.args.comment);
      return { message: "Transaction comment updated." };
    },
  },
  {
    name: "delete_transaction_comment",
    method: "DELETE",
    path: "/comments/{comment_id}",
    description: "Delete a transaction comment.",
    auth: true,
    params: [p.int("comment_id", "ID of the transaction comment to be deleted.")],
    response: MESSAGE,
    handler: (c) => {
      const comment = ownComment(c);
      c.state.venmo.comments = c.state.venmo.comments.filter((x) => x !== comment);
      return { message: "Transaction comment deleted." };
    },
  },
  {
    name: "like_transaction_comment",
    method: "POST",
    path: "/comments/{comment_id}/likes",
    description: "Like a transaction comment.",
    auth: true,
    params: [COMMENT_ID("like")],
    response: MESSAGE,
    handler: (c) => {
      const comment = findComment(c);
      if (comment.likedBy.includes(c.user.id)) fail("You have already liked this transaction comment.");
      comment.likedBy.push(c.user.id);
      return { message: "Liked transaction comment." };
    },
  },
  {
    name: "unlike_transaction_comment",
    method: "DELETE",
    path: "/comments/{comment_id}/likes",
    description: "Unlike a previously liked transaction comment.",
    auth: true,
    params: [COMMENT_ID("like")],
    response: MESSAGE,
    handler: (c) => {
      const comment = findComment(c);
      if (!comment.likedBy.includes(c.user.id)) fail("You have not liked this transaction comment.");
      comment.likedBy = comment.likedBy.filter((id) => id !== c.user.id);
      return { message: "Unliked transaction comment." };
    },
  },
];
