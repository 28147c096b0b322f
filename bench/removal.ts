import { randomBytes } from 'node:crypto';

import { relyingPartyIds } from '../idp/clients.ts';
import { defaultOptions } from '../idp/options.ts';
import { startReceiver, type Receiver } from '../idp/receiver.ts';
import { seedSessions } from '../idp/seed.ts';
import { startIdp, type Idp } from '../idp/server.ts';
import type { RemovalReportJson } from '../shared/contract/index.ts';
import { adminToken, postWithToken } from './idp-client.ts';
import { summarise } from './stats.ts';
import { within, type ResultRow } from './table.ts';

/**
 * Removal fan-out: one subject with twenty sessions over five relying
 * parties, one of which answers its back-channel logouts only after two
 * seconds. Ours is one admin removal through the HTTP API. Beside it the
 * same logout tokens are delivered the way Duende's RemoveSessionsAsync
 * does: one session after another, that session's clients in parallel.
 */

const sessionCount = 20;
const slowDelayMs = 2_000;
const ourRuns = 7;
const sequentialRuns = 3;

/**
 * Three relying parties beside the two demo ones. They are registered by
 * storing their metadata as oidc-provider `Client` models in the IdP's
 * database, which is how oidc-provider keeps dynamically registered
 * clients, so the IdP's static configuration stays as it is.
 */
const extraClientIds = ['bench-rp-1', 'bench-rp-2', 'bench-rp-3'];
const clientIds = [...relyingPartyIds, ...extraClientIds];
const slowClientId = 'bench-rp-3';

/** Each session is signed in to two neighbouring clients of the five. */
function clientsOfSession(index: number): string[] {
  return [
    clientIds[index % clientIds.length] as string,
    clientIds[(index + 1) % clientIds.length] as string,
  ];
}

/** The part of oidc-provider's client model a delivery calls. */
interface NotifiableClient {
  backchannelLogout(subjectId: string, sid: string): Promise<void>;
}

export async function benchRemoval(): Promise<ResultRow[]> {
  const receiver = await startReceiver({ port: 0, clientIds });
  const idp = await startIdp({
    ...defaultOptions,
    port: 0,
    databasePath: ':memory:',
    allowLoopbackBackchannel: true,
    backchannelLogoutUris: Object.fromEntries(
      relyingPartyIds.map((id) => [id, receiver.uriFor(id)]),
    ),
  });

  try {
    receiver.trust(idp.issuer, `${idp.issuer}/jwks`);
    registerExtraClients(idp, receiver);
    receiver.setBehaviour(slowClientId, { delayMs: slowDelayMs });
    const token = await adminToken(idp.issuer);

    // The first removal also fetches the receiver's copy of the IdP's
    // keys and warms both ends; it is left out of the figures.
    const ours: number[] = [];
    for (let run = -1; run < ourRuns; run++) {
      const subjectId = makeSessions(idp);
      const started = performance.now();
      const report = (await postWithToken(
        `${idp.sessionEndpoint}/remove`,
        token,
        { subjectId, reason: 'benchmark' },
      )) as RemovalReportJson;
      if (run >= 0) ours.push(performance.now() - started);
      checkReport(report);
      receiver.clear();
      receiver.setBehaviour(slowClientId, { delayMs: slowDelayMs });
    }

    const sequential: number[] = [];
    for (let run = 0; run < sequentialRuns; run++) {
      const subjectId = makeSessions(idp);
      const started = performance.now();
      await deliverOneSessionAfterAnother(idp, subjectId);
      sequential.push(performance.now() - started);
      if (receiver.received().length !== sessionCount * 2) {
        throw new Error('the sequential deliveries did not all arrive');
      }
      idp.db
        .prepare('DELETE FROM sessions WHERE subject_id = ?')
        .run(subjectId);
      receiver.clear();
      receiver.setBehaviour(slowClientId, { delayMs: slowDelayMs });
    }

    const oursSample = summarise(ours);
    return [
      {
        group: 'removal',
        name: `${sessionCount} sessions x 5 clients, one 2 s receiver, HTTP`,
        size: `${sessionCount * 2} logouts`,
        unit: 's',
        ours: scaled(oursSample),
        alternative: 'one session after another',
        theirs: scaled(summarise(sequential)),
        target: `p95 <= ${(slowDelayMs + 500) / 1000} s (slowest + 0.5 s)`,
        verdict: within(oursSample.p95, slowDelayMs + 500),
        note: `${ourRuns} and ${sequentialRuns} runs`,
      },
    ];
  } finally {
    await idp.close();
    await receiver.close();
  }
}

function registerExtraClients(idp: Idp, receiver: Receiver): void {
  const insert = idp.db.prepare(
    `INSERT INTO oidc_models (model, id, payload) VALUES ('Client', ?, ?)`,
  );
  for (const clientId of extraClientIds) {
    const metadata = {
      client_id: clientId,
      client_secret: randomBytes(24).toString('base64url'),
      client_name: clientId,
      grant_types: [],
      response_types: [],
      redirect_uris: [],
      backchannel_logout_uri: receiver.uriFor(clientId),
      backchannel_logout_session_required: true,
    };
    insert.run(clientId, JSON.stringify(metadata));
  }
}

/**
 * Twenty fresh sessions of one new subject. The seeder makes them as a
 * sign-in would store them; their subject and the clients they are
 * signed in to are then set, each client authorization with its own
 * `sid`, which is what a back-channel logout carries.
 */
function makeSessions(idp: Idp): string {
  const subjectId = `bench-${randomBytes(6).toString('hex')}`;
  const firstKey =
    ((idp.db.prepare('SELECT max(key) FROM sessions').pluck().get() as
      number | null) ?? 0) + 1;
  seedSessions(idp.db, sessionCount, {
    issuer: idp.issuer,
    clientIds,
  });

  const update = idp.db.prepare(
    `UPDATE sessions SET subject_id = @subjectId, client_ids = @clientIds,
       payload = json_set(payload, '$.accountId', @subjectId,
         '$.authorizations', json(@authorizations))
     WHERE key = @key`,
  );
  for (let index = 0; index < sessionCount; index++) {
    const clients = clientsOfSession(index);
    const authorizations = Object.fromEntries(
      clients.map((clientId) => [
        clientId,
        { sid: randomBytes(12).toString('base64url') },
      ]),
    );
    update.run({
      key: firstKey + index,
      subjectId,
      clientIds: JSON.stringify(clients),
      authorizations: JSON.stringify(authorizations),
    });
  }
  return subjectId;
}

/**
 * Duende's order: the subject's sessions one at a time, and for each the
 * logout tokens of its clients in parallel, through the same
 * oidc-provider delivery our removal uses.
 */
async function deliverOneSessionAfterAnother(
  idp: Idp,
  subjectId: string,
): Promise<void> {
  const payloads = idp.db
    .prepare('SELECT payload FROM sessions WHERE subject_id = ? ORDER BY key')
    .pluck()
    .all(subjectId) as string[];
  for (const payload of payloads) {
    const { authorizations } = JSON.parse(payload) as {
      authorizations: Record<string, { sid: string }>;
    };
    await Promise.all(
      Object.entries(authorizations).map(async ([clientId, { sid }]) => {
        const client = (await idp.provider.Client.find(
          clientId,
        )) as unknown as NotifiableClient;
        await client.backchannelLogout(subjectId, sid);
      }),
    );
  }
}

function checkReport(report: RemovalReportJson): void {
  const delivered = report.backchannel.filter(
    (delivery) => delivery.status === 'delivered',
  );
  if (
    report.sessionsRemoved !== sessionCount ||
    delivered.length !== sessionCount * 2
  ) {
    throw new Error(
      `the removal did not reach every client: ${JSON.stringify(report)}`,
    );
  }
}

function scaled(sample: ReturnType<typeof summarise>) {
  return {
    p50: sample.p50 / 1000,
    p95: sample.p95 / 1000,
    runs: sample.runs,
  };
}
