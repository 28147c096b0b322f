import type { IncomingMessage } from 'node:http';

/** Why a request body could not be read as a form. */
export class FormBodyError extends Error {
  override readonly name = 'FormBodyError';

  /** The HTTP status that answers this problem: 413 or 415. */
  readonly status: 413 | 415;

  constructor(status: 413 | 415, message: string) {
    super(message);
    this.status = status;
  }
}

/** Whether a value is a `FormBodyError`, even from another realm. */
export function isFormBodyError(value: unknown): value is FormBodyError {
  return value instanceof Error && value.name === 'FormBodyError';
}

const formType = 'application/x-www-form-urlencoded';

/**
 * Reads an `application/x-www-form-urlencoded` body of at most `limit`
 * bytes. Anything else is refused before the body is read, and a body that
 * grows past the limit stops being read at once.
 */
export async function readForm(
  req: IncomingMessage,
  limit: number,
): Promise<URLSearchParams> {
  const type = (req.headers['content-type'] ?? '').split(';')[0];
  if (type?.trim().toLowerCase() !== formType) {
    throw new FormBodyError(
      415,
      `content-type must be ${formType}, ` +
        `not ${JSON.stringify(req.headers['content-type'] ?? '')}`,
    );
  }

  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) {
    throw new FormBodyError(413, `body must be at most ${limit} bytes`);
  }

  const body = await new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        // Keep draining without storing, so the caller can still answer.
        chunks.length = 0;
        reject(new FormBodyError(413, `body must be at most ${limit} bytes`));
      } else {
        chunks.push(chunk);
      }
    });
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
  });

  return new URLSearchParams(body.toString('utf8'));
}
