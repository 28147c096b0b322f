import * as v from 'valibot';

import {
  problemTypes,
  type FieldError,
  type ProblemType,
} from '../../shared/contract/index.ts';

/**
 * An error that becomes an RFC 9457 problem document. Route code throws it;
 * the request handler turns it into the response, so no route writes an
 * error body of its own.
 */
export class ApiProblem extends Error {
  readonly status: number;
  readonly type: ProblemType;
  readonly title: string;
  readonly errors: FieldError[] | undefined;
  readonly headers: Record<string, string>;

  constructor(init: {
    status: number;
    type: ProblemType;
    title: string;
    detail?: string;
    errors?: FieldError[];
    headers?: Record<string, string>;
  }) {
    super(init.detail ?? init.title);
    this.status = init.status;
    this.type = init.type;
    this.title = init.title;
    this.errors = init.errors;
    this.headers = init.headers ?? {};
  }

  toJSON() {
    return {
      type: this.type,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** A 400 naming one offending field. */
export function invalidField(field: string, message: string): ApiProblem {
  return invalidRequest([{ field, message }]);
}

/** A 400 naming every offending field. */
export function invalidRequest(errors: FieldError[]): ApiProblem {
  const first = errors[0];
  return new ApiProblem({
    status: 400,
    type: problemTypes.invalidRequest,
    title: 'The request is not valid',
    detail: first
      ? `${first.field} ${first.message}` +
        (errors.length > 1 ? ` (and ${errors.length - 1} more)` : '')
      : 'The request is not valid',
    errors,
  });
}

/**
 * Parses `input` with `schema`, or throws a 400 that names each field
 * valibot found wrong, in words an operator can act on.
 */
export function parseOrThrow<Schema extends v.GenericSchema>(
  schema: Schema,
  input: unknown,
): v.InferOutput<Schema> {
  const result = v.safeParse(schema, input);
  if (result.success) {
    return result.output;
  }

  throw invalidRequest(
    result.issues.map((issue) => ({
      field: v.getDotPath(issue) ?? '(body)',
      message: describeIssue(issue),
    })),
  );
}

function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (issue.type === 'strict_object') {
    return 'is not a field of this request';
  }
  if (issue.message.startsWith('Invalid type')) {
    return (
      `must be ${issue.expected ?? 'something else'}, ` +
      `not ${issue.received}`
    );
  }
  return issue.message;
}
