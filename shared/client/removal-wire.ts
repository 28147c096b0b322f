import * as v from 'valibot';

import {
  queryResultSchema,
  removalRecordSchema,
  removalReportSchema,
  removeOwnSessionsRequestSchema,
  removeSessionsRequestSchema,
} from '../contract/index.ts';
import { InvalidInputError } from './errors.ts';
import type {
  RemovalRecord,
  RemovalReport,
  RemoveOwnSessionsInput,
  RemoveSessionsInput,
} from './model.ts';
import { time, toPage } from './parsers.ts';
import { fieldErrors } from './requests.ts';

/**
 * What only removals and the removal history put on the wire or read
 * from it: the bodies of both kinds of removal, checked against the
 * contract, and the parsers of the report and of the history's records.
 * The client reaches them through `loadRemovalWire`, so a bundle whose
 * first view lists sessions can leave them for later (the widget's does).
 */

/** The body of an admin removal, with the flags' defaults written out. */
export function removeSessionsBody(request: RemoveSessionsInput): unknown {
  return checkedBody(removeSessionsRequestSchema, request);
}

/** The body of a self-service removal. */
export function removeOwnSessionsBody(
  request: RemoveOwnSessionsInput,
): unknown {
  return checkedBody(removeOwnSessionsRequestSchema, request);
}

/** `request` as the contract's `schema` sends it, or the fields it lacks. */
function checkedBody(schema: v.GenericSchema, request: unknown): unknown {
  const result = v.safeParse(schema, request);
  if (!result.success) {
    throw new InvalidInputError('The removal', fieldErrors(result.issues));
  }
  return result.output;
}

type ReportOutput = v.InferOutput<typeof removalReportSchema>;

function toReport(json: ReportOutput): RemovalReport {
  const { removed, removedTruncated, ...counts } = json;
  return {
    ...counts,
    removed: removed ?? null,
    removedTruncated: removed !== undefined && removedTruncated === true,
  };
}

export const removalReportParser = v.pipe(
  removalReportSchema,
  v.transform(toReport),
);

const record = v.object({ ...removalRecordSchema.entries, at: time });

export const removalPageParser = v.pipe(
  queryResultSchema(record),
  v.transform((json) =>
    toPage(json, (item): RemovalRecord => ({
      ...item,
      report: toReport(item.report),
    })),
  ),
);
