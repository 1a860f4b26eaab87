// Venmo APIs 48–54: the social feed and notifications.
import {
  notFound,
  notYours,
  p,
  PAGING,
  MESSAGE,
  DT,
  intShownAsFloat,
  type ApiDeclaration,
  type ApiContext,
} from "./define.js";
import { paginate } from "./paging.js";
import { TRANSACTION_EXAMPLE, friendIdsOf, transactionView } from "./venmo-views.js";
import type { VenmoNotification } from "../state.js";

function notificationView(n: VenmoNotification) {
  return {
    notification_id: n.id,
    type: n.type,
    title: n.title,
    message: n.message,
    read: n.read,
    created_at: n.createdAt,
    data: { ...n.data },
  };
}

function myNotifications(c: ApiContext): VenmoNotification[] {
  return c.state.venmo.notifications
    .filter(
      (n) => n.userId === c.user.id && (c.args.read === null || c.args.read === undefined || n.read === c.args.read),
    )
    .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
}

function ownNotification(c: ApiContext): VenmoNotification {
  const n = c.state.venmo.notifications.find((x) => x.id === c.args.notification_id);
  if (!n) notFound("notification", c.args.notification_id);
  if (n.userId !== c.user.id) notYours("notification");
  return n;
}

const { payment_card_digits: _digits, ...FEED_EXAMPLE } = TRANSACTION_EXAMPLE;

export const VENMO_FEED: ApiDeclaration[] = [
  {
    name: "show_social_feed",
    method: "GET",
    path: "/social_feed",
    description: "Show your social feed (transactions of your friends).",
    auth: true,
    params: [...PAGING],
    response: [FEED_EXAMPLE],
    handler: (c) => {
      const friends = new Set(friendIdsOf(c.state, c.user.id));
      const feed = c.state.venmo.transactions
        .filter(
          (t) =>
            !t.private &&
            t.senderId !== c.user.id &&
            t.receiverId !== c.user.id &&
            (friends.has(t.senderId) || friends.has(t.receiverId)),
        )
        .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : b.id - a.id));
      return paginate(feed, c.args).map((t) =>
        transactionView(c.state, t, { viewerId: c.user.id, liked: false, card: false }),
      );
    },
  },
  {
    name: "show_notifications",
    method: "GET",
    path: "/notifications",
    description: "Get a list of your notifications.",
    auth: true,
    params: [
      p.bool("read", "Filter notifications by read status. Will skip filtering if not passed.", { default: null }),
      ...PAGING,
    ],
    response: [
      {
        notification_id: 1,
        type: "payment_request_approved",
        title: "string",
        message: "string",
        read: true,
        created_at: DT,
        data: {},
      },
    ],
    handler: (c) => paginate(myNotifications(c), c.args).map(notificationView),
  },
  {
    name: "delete_notifications",
    method: "DELETE",
    path: "/notifications",
    description: "Delete all of your notifications.",
    auth: true,
    response: MESSAGE,
    handler: (c) => {
      c.state.venmo.notifications = c.state.venmo.notifications.filter((n) => n.userId !== c.user.id);
      return { message: "Deleted all notifications." };
    },
  },
  {
    name: "mark_notifications",
    method: "PATCH",
    path: "/notifications",
    description: "Mark all notifications as read or unread.",
    auth: true,
    params: [p.bool("read", "Read status of the notification.")],
    response: MESSAGE,
    handler: (c) => {
      for (const n of c.state.venmo.notifications) if (n.userId === c.user.id) n.read = Boolean(c.args.read);
      return { message: `Marked all notifications as ${c.args.read ? "read" : "unread"}.` };
    },
  },
  {
    name: "show_notifications_count",
    method: "GET",
    path: "/notifications/count",
    description: "Get the count of your notifications.",
    auth: true,
    params: [p.bool("read", "Count notifications by read status. Will count all if not passed.", { default: null })],
    response: { notifications_count: intShownAsFloat(0) },
    handler: (c) => ({ notifications_count: myNotifications(c).length }),
  },
  {
    name: "delete_notification",
    method: "DELETE",
    path: "/notifications/{notification_id}",
    description: "Delete a notification.",
    auth: true,
    params: [p.int("notification_id", "ID of the notification to delete.")],
    response: MESSAGE,
    handler: (c) => {
      const n = ownNotification(c);
      c.state.venmo.notifications = c.state.venmo.notifications.filter((x) => x !== n);
      return { message: "Notification deleted." };
    },
  },
  {
    name: "mark_notification",
    method: "PATCH",
    path: "/notifications/{notification_id}",
    description: "Mark a notification as read or unread.",
    auth: true,
    params: [
      p.int("notification_id", "ID of the notification to mark."),
      p.bool("read", "Mark the notification as read or unread."),
    ],
    response: MESSAGE,
    handler: (c) => {
      const n = ownNotification(c);
      n.read = Boolean(c.args.read);
      return { message: `Marked notification as ${n.read ? "read" : "unread"}.` };
    },
  },
];
