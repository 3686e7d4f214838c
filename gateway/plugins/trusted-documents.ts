import crypto from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { REGISTERED_OPERATIONS, operationDocument } from '../../operations';

export const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');

/** The registered documents by their sha256: every document in operations/ (operations/manifest.json lists the same). */
export function trustedDocumentManifest(): Map<string, { name: string; document: string }> {
  return new Map(REGISTERED_OPERATIONS.map((name) => {
    const document = operationDocument(name);
    return [sha256(document), { name, document }];
  }));
}

function refuse(res: Response, status: number, code: string, message: string) {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/**
 * Trusted documents. A client may send only a registered document's hash, in Apollo's
 * `extensions.persistedQuery` format; with UNITY_TRUSTED_DOCUMENTS=only the gateway runs nothing
 * else (a safelist for production scripts).
 */
export function trustedDocuments(only = process.env.UNITY_TRUSTED_DOCUMENTS === 'only') {
  const manifest = trustedDocumentManifest();
  return (req: Request, res: Response, next: NextFunction) => {
    const source = req.method === 'GET' ? req.query : req.body;
    if (!source || typeof source !== 'object' || Array.isArray(source)) return next();
    let extensions = (source as Record<string, unknown>).extensions as { persistedQuery?: { sha256Hash?: string } } | string | undefined;
    if (typeof extensions === 'string') {
      try {
        extensions = JSON.parse(extensions);
      } catch {
        return refuse(res, 400, 'BAD_REQUEST', '"extensions" is not valid JSON.');
      }
    }
    const persisted = typeof extensions === 'object' && extensions !== null ? extensions.persistedQuery : undefined;
    if (persisted !== undefined && (typeof persisted?.sha256Hash !== 'string' || !/^[0-9a-f]{64}$/i.test(persisted.sha256Hash))) {
      return refuse(res, 400, 'BAD_REQUEST', 'extensions.persistedQuery.sha256Hash must be the document\'s sha256, 64 hexadecimal digits; or leave extensions.persistedQuery out and send the document.');
    }
    const hash = persisted?.sha256Hash;
    const query = (source as Record<string, unknown>).query;
    if (hash && typeof query !== 'string') {
      const known = manifest.get(hash);
      if (!known) return refuse(res, 400, 'PERSISTED_QUERY_NOT_FOUND', `No registered document has sha256 ${hash}; send the full document, or register it in operations/.`);
      (source as Record<string, unknown>).query = known.document;
    } else if (hash && typeof query === 'string' && sha256(query) !== hash) {
      return refuse(res, 400, 'BAD_REQUEST', 'The document does not match its extensions.persistedQuery.sha256Hash.');
    }
    if (only && typeof (source as Record<string, unknown>).query === 'string' && !manifest.has(sha256((source as Record<string, unknown>).query as string))) {
      return refuse(res, 400, 'TRUSTED_DOCUMENT_REQUIRED', 'This gateway runs registered documents only (UNITY_TRUSTED_DOCUMENTS=only); send one of operations/manifest.json by its sha256.');
    }
    next();
  };
}
