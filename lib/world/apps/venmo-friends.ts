// Venmo APIs 11–15: public profiles, user search and the friend list.
import { fail, p, PAGING, MESSAGE, type ApiDeclaration, type ApiContext } from "./define.js";
import { paginate, rankByQuery } from "./paging.js";
import { SHORT_USER_EXAMPLE, shortUserView, venmoUserByEmail, friendIdsOf } from "./venmo-views.js";
import { addFriendship, areFriends, removeFriendship } from "../mutations.js";

function searchPeople(c: ApiContext, ids: number[]) {
  const people = c.state.people.filter((person) => ids.includes(person.id));
  const ranked = rankByQuery(people, c.args.query, (person) => [
    `${person.firstName} ${person.lastName}`,
    person.email,
  ]);
  return paginate(ranked, c.args);
}

export const VENMO_FRIENDS: ApiDeclaration[] = [
  {
    name: "show_profile",
    method: "GET",
    path: "/profile",
    description: "Show public profile information of a user, including your friendship status with them.",
    auth: true,
    params: [
      p.str("email", "Email of the person you want to see the profile information of.", { default: null, email: true }),
    ],
    response: SHORT_USER_EXAMPLE,
    handler: (c) => {
      const person = c.args.email === null ? c.user : venmoUserByEmail(c.state, c.args.email);
      return shortUserView(c.state, c.user.id, person);
    },
  },
  {
    name: "search_users",
    method: "GET",
    path: "/users",
    description: "Search Venmo users by name or email address.",
    auth: true,
    params: [p.str("query", "Search query string.", { default: "" }), ...PAGING],
    response: [SHORT_USER_EXAMPLE],
    handler: (c) => {
      const ids = c.state.venmo.accounts.map((a) => a.userId).filter((id) => id !== c.user.id);
      return searchPeople(c, ids).map((person) => shortUserView(c.state, c.user.id, person));
    },
  },
  {
    name: "search_friends",
    method: "GET",
    path: "/friends",
    description: "Search your or others' friends by name or email address.",
    auth: true,
    params: [
      p.str("query", "Search friends by name or email address.", { default: "" }),
      p.str(
        "user_email",
        "Email address of the user whose friends you want to see. If not passed, your friends will be returned.",
        { default: null, email: true },
      ),
      ...PAGING,
    ],
    response: [SHORT_USER_EXAMPLE],
    handler: (c) => {
      const owner = c.args.user_email === null ? c.user : venmoUserByEmail(c.state, c.args.user_email);
      return searchPeople(c, friendIdsOf(c.state, owner.id)).map((person) => shortUserView(c.state, owner.id, person));
    },
  },
  {
    name: "add_friend",
    method: "POST",
    path: "/friends/{user_email}",
    description: "Add a friend to your friend list.",
    auth: true,
    params: [p.str("user_email", "Email address of the friend to add.", { email: true })],
    response: MESSAGE,
    handler: (c) => {
      const friend = venmoUserByEmail(c.state, c.args.user_email);
      if (friend.id === c.user.id) fail("You cannot add yourself as a friend.");
      if (areFriends(c.state, c.user.id, friend.id)) fail("You are already friends with this user.");
      addFriendship(c.state, c.user.id, friend.id);
      return { message: "Friend added." };
    },
  },
  {
    name: "remove_friend",
    method: "DELETE",
    path: "/friends/{user_email}",
    description: "Remove a friend from your friend list.",
    auth: true,
    params: [p.str("user_email", "Email address of the friend to remove.", { email: true })],
    response: MESSAGE,
    handler: (c) => {
      const friend = venmoUserByEmail(c.state, c.args.user_email);
      if (!areFriends(c.state, c.user.id, friend.id)) fail("You are not friends with this user.");
      removeFriendship(c.state, c.user.id, friend.id);
      return { message: "Friend removed." };
    },
  },
];
