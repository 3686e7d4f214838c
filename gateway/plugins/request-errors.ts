import type { NextFunction, Request, Response } from 'express';

/**
 * Requests the JSON parser refuses (malformed JSON, a body over the size limit, an unsupported
 * encoding) get a GraphQL-shaped JSON error with a code and what to fix, not an HTML page.
 */
export function requestErrors(bodyLimit: string) {
  return (error: { type?: string; status?: number; message?: string }, _req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent) return next(error);
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    const known: Record<string, [string, string]> = {
      'entity.too.large': ['PAYLOAD_TOO_LARGE', `The request body is larger than ${bodyLimit}; send a smaller document or fewer variables.`],
      'entity.parse.failed': ['BAD_REQUEST', 'The request body is not valid JSON; send {"query": "...", "variables": {...}} with content-type application/json.'],
      'encoding.unsupported': ['BAD_REQUEST', 'The request body encoding is not supported; send UTF-8 JSON.'],
      'charset.unsupported': ['BAD_REQUEST', 'The request charset is not supported; send UTF-8 JSON.'],
    };
    const [code, message] = known[error.type ?? ''] ?? (status < 500 ? ['BAD_REQUEST', error.message ?? 'Bad request'] : ['INTERNAL_SERVER_ERROR', 'The gateway failed to handle this request.']);
    res.status(status).json({ errors: [{ message, extensions: { code } }] });
  };
}
