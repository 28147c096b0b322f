/**
 * Size limits of the session API, shared by the server that enforces them
 * and the client that checks input before sending it. They are generous for
 * real identifiers and small enough that no request can make the server scan
 * or store something unreasonable.
 */
export const limits = {
  /** Longest subject id, session id, client id or display name filter. */
  idLength: 200,

  /** Longest opaque paging token a server may hand out. */
  resultsTokenLength: 2048,

  /** Longest free-text reason an operator may attach to a removal. */
  reasonLength: 500,

  /** Most client ids one removal may name. */
  clientIds: 100,

  /** Page sizes a query may ask for, and the size when it asks for none. */
  minCount: 1,
  maxCount: 100,
  defaultCount: 25,

  /** Most sessions the self-service list returns for one subject. */
  selfSessions: 500,

  /**
   * Most sessions a removal report lists by id. A subject-wide removal can
   * end more; the report then says its list is cut short.
   */
  removedSessions: 500,
} as const;
