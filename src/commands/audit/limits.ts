/**
 * The largest page the API serves: `--page-size`'s limit and the default page of logs and export.
 * A module of its own: the noun's index loads at every start, and filters.ts loads chrono-node.
 */
export const MAX_PAGE = 1000;
