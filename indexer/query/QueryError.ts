/** A request the index cannot answer: the API maps `status` to the HTTP status. */
export class QueryError extends Error {
  constructor (readonly status: 400 | 404 | 503, readonly code: string, message: string) {
    super(message)
  }
}
