import * as v from 'valibot';

import { InvalidResponseError, type ResponseIssue } from './errors.ts';
import type { ResponseParser } from './parsers.ts';
import type { Answer } from './transport.ts';

/**
 * Reads a 2xx answer through a response schema. Nothing the server sends
 * reaches a caller unchecked: an answer that is not JSON, or not the shape
 * the contract promises, becomes an `InvalidResponseError` naming the field.
 */
export function readAnswer<Output>(
  request: { method: string; url: string },
  answer: Answer,
  parser: ResponseParser<Output>,
): Output {
  const fail = (issue: ResponseIssue, cause?: unknown) =>
    new InvalidResponseError(
      request,
      answer.status,
      [issue],
      cause === undefined ? undefined : { cause },
    );

  const type = answer.headers.get('content-type');
  if (type !== null && !/^application\/([\w.-]+\+)?json\s*(;|$)/i.test(type)) {
    throw fail({ path: '', message: 'must be JSON', received: type });
  }
  if (answer.text.trim() === '') {
    throw fail({ path: '', message: 'must not be empty', received: '""' });
  }

  let json: unknown;
  try {
    json = JSON.parse(answer.text);
  } catch (error) {
    throw fail(
      { path: '', message: 'must be valid JSON', received: excerpt(answer) },
      error,
    );
  }

  const result = v.safeParse(parser, json);
  if (!result.success) {
    throw new InvalidResponseError(
      request,
      answer.status,
      result.issues.map(toIssue),
    );
  }
  return result.output;
}

function excerpt(answer: Answer): string {
  const text = answer.text.trim();
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
}

function toIssue(issue: v.BaseIssue<unknown>): ResponseIssue {
  const path = v.getDotPath(issue) ?? '';
  return {
    path,
    message: describe(issue, path),
    received: issue.received,
  };
}

/**
 * valibot's own messages read "Invalid type: Expected …". The contract's
 * custom messages already read as a sentence after the field name, so
 * they are kept; the generic ones are rewritten to match.
 */
function describe(issue: v.BaseIssue<unknown>, path: string): string {
  if (issue.kind === 'schema' && issue.received === 'undefined' && path) {
    return 'is missing';
  }
  if (!issue.message.startsWith('Invalid ')) {
    return issue.message;
  }
  if (issue.expected !== null) {
    return `must be ${issue.expected}`;
  }
  return `fails the ${issue.type.replaceAll('_', ' ')} check`;
}
