import type { UserSession } from '../../shared/index.ts';
import { csvCell } from '../../widget/admin/files.ts';
import { parseUserAgent } from '../../widget/device.ts';
import { localeFor } from '../../widget/i18n/locale.ts';
import {
  consequences,
  defaultFlags,
  plannedCalls,
  type RemovalChoice,
} from '../../widget/removal/plan.ts';
import { deepEqual, equal } from '../support/wtr-assert.ts';

// The element's rules on their own: reading user agents, defusing CSV
// cells, choosing a translation, and what a removal will do.

function session(
  subjectId: string,
  sessionId: string,
  clients: [string, boolean][] = [['demo-notes', true]],
): UserSession {
  return {
    subjectId,
    sessionId,
    displayName: null,
    created: new Date(0),
    renewed: new Date(0),
    expires: null,
    issuer: null,
    clientIds: clients.map(([id]) => id),
    clients: clients.map(([clientId, backchannelLogout]) => ({
      clientId,
      displayName: clientId.replace('demo-', ''),
      backchannelLogout,
    })),
    details: {
      identityProvider: null,
      authenticationMethods: null,
      authTime: null,
      userAgent: null,
      ipAddress: null,
      properties: {},
    },
  };
}

const choice = (over: Partial<RemovalChoice> = {}): RemovalChoice => ({
  scope: 'sessions',
  flags: defaultFlags,
  clients: null,
  reason: '',
  ...over,
});

const nobody = { subjectId: null, sessionId: null };

describe('reading user agents', () => {
  const cases: [string, string | null, string | null, string][] = [
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36 Edg/138.0.0.0',
      'Edge',
      'Windows',
      'desktop',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Safari/605.1.15',
      'Safari',
      'macOS',
      'desktop',
    ],
    [
      'Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Mobile Safari/537.36',
      'Chrome',
      'Android',
      'mobile',
    ],
    [
      'Mozilla/5.0 (iPad; CPU OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.5 Mobile/15E148 Safari/604.1',
      'Safari',
      'iPadOS',
      'tablet',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 18_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/138.0.0.0 Mobile/15E148 Safari/604.1',
      'Chrome',
      'iOS',
      'mobile',
    ],
    [
      'Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:141.0) Gecko/20100101 Firefox/141.0',
      'Firefox',
      'Linux',
      'desktop',
    ],
    [
      'Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/138.0.0.0 Safari/537.36',
      'Chrome',
      'ChromeOS',
      'desktop',
    ],
    ['curl/8.5.0', null, null, 'unknown'],
  ];

  it('names the browser, the system and the kind of device', () => {
    for (const [agent, browser, os, kind] of cases) {
      deepEqual(parseUserAgent(agent), { browser, os, kind }, agent);
    }
  });
});

describe('CSV cells', () => {
  it('defuses formulas and quotes what must be quoted', () => {
    deepEqual(
      [
        '=1+1',
        '+1',
        '-1',
        '@A1',
        '\tx',
        'plain',
        'a,b',
        'say "hi"',
        'two\nlines',
      ].map(csvCell),
      [
        "'=1+1",
        "'+1",
        "'-1",
        "'@A1",
        "'\tx",
        'plain',
        '"a,b"',
        '"say ""hi"""',
        '"two\nlines"',
      ],
    );
  });
});

describe('choosing a translation', () => {
  it('takes the language, then its base, then English', () => {
    deepEqual(['de', 'de-CH', 'DE_at', 'en-GB', 'fr', ''].map(localeFor), [
      'de',
      'de',
      'de',
      'en',
      'en',
      'en',
    ]);
  });
});

describe('what a removal will do', () => {
  it('sends one call per session, naming its subject too', () => {
    const calls = plannedCalls(
      [session('1', 'a'), session('10', 'b')],
      choice(),
    );

    deepEqual(
      calls.map((call) => [call.input.subjectId, call.input.sessionId]),
      [
        ['1', 'a'],
        ['10', 'b'],
      ],
    );
  });

  it('sends one call per user, with the clients and the reason', () => {
    const calls = plannedCalls(
      [session('1', 'a'), session('1', 'b'), session('2', 'c')],
      choice({ scope: 'subjects', clients: ['demo-notes'], reason: ' Why ' }),
    );

    deepEqual(
      calls.map((call) => call.input),
      [
        {
          ...defaultFlags,
          clientIds: ['demo-notes'],
          reason: 'Why',
          subjectId: '1',
        },
        {
          ...defaultFlags,
          clientIds: ['demo-notes'],
          reason: 'Why',
          subjectId: '2',
        },
      ],
    );
  });

  it('keeps consents for single sessions and revokes them for users', () => {
    const sessions = [session('1', 'a')];

    equal(consequences(sessions, choice(), nobody).consents, 'kept');
    equal(
      consequences(sessions, choice({ scope: 'subjects' }), nobody).consents,
      'revoked',
    );
  });

  it('tells only the clients in scope that can be told', () => {
    const sessions = [
      session('1', 'a', [
        ['demo-notes', true],
        ['demo-photos', true],
        ['account-page', false],
      ]),
    ];

    const result = consequences(
      sessions,
      choice({ clients: ['demo-notes', 'account-page'] }),
      nobody,
    );

    deepEqual(
      result.notified.map((c) => c.clientId),
      ['demo-notes'],
    );
    deepEqual(
      result.notNotifiable.map((c) => c.clientId),
      ['account-page'],
    );
    equal(result.subsetIgnoredByIdpSession, true);
  });

  it('refuses what the API would refuse, or what would do nothing', () => {
    const sessions = [session('1', 'a')];
    const off = {
      removeServerSideSession: false,
      sendBackchannelLogoutNotification: false,
      revokeTokens: false,
      revokeConsents: false,
    };

    equal(
      consequences(sessions, choice({ flags: off }), nobody).problem,
      'no-flag',
    );
    equal(
      consequences(sessions, choice({ clients: [] }), nobody).problem,
      'no-client',
    );
    equal(
      consequences(
        sessions,
        choice({ flags: { ...off, revokeConsents: true } }),
        nobody,
      ).problem,
      'no-effect',
    );
  });

  it("notices the operator's own session and account", () => {
    const sessions = [session('admin', 'mine'), session('admin', 'other')];

    const own = consequences(sessions.slice(1), choice(), {
      subjectId: 'admin',
      sessionId: 'mine',
    });
    const all = consequences(sessions.slice(1), choice({ scope: 'subjects' }), {
      subjectId: 'admin',
      sessionId: 'mine',
    });

    deepEqual([own.ownSubject, own.ownSession], [true, false]);
    deepEqual([all.ownSubject, all.ownSession], [true, true]);
  });
});
