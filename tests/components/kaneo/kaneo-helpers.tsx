import { render } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ReactElement } from 'react';
import { AppProviders } from '@/components/app/providers';
import type { KeyEntry, KeySummary } from '@/lib/keys/key-entry';
import type { InstanceKeysView } from '@/lib/kaneo/protocol';
import type { ServerKey } from '@/lib/kaneo/kaneo-schemas';
import { createFakeBackground, makeKey, type FakeAnswers } from '../helpers/fake-background';

export const ORIGIN = 'https://kaneo.example.com';
export const INSTANCE = { webOrigin: ORIGIN, apiBaseUrl: `${ORIGIN}/api` };

type Handler = (data: any) => unknown;

/**
 * The background as the Kaneo components see it: the typed fake background
 * (../helpers/fake-background.ts) with its vault for vault.* / keys.* messages, plus scripted
 * answers for kaneo.* messages. Every call is recorded; `callsOf` gives the data sent.
 */
export function scriptBackground(options: { vaultState?: 'unlocked' | 'locked'; keys?: KeyEntry[]; kaneo?: Record<string, Handler> } = {}) {
  const fake = createFakeBackground({
    state: options.vaultState ?? 'unlocked',
    keys: options.keys ?? [],
    passphrase: 'open sesame please',
    answers: options.kaneo as FakeAnswers | undefined,
  });
  return { fake, kaneo: fake.answers, calls: fake.calls, callsOf: fake.dataOf };
}

export function renderKaneo(ui: ReactElement) {
  const user = userEvent.setup();
  return { user, ...render(<AppProviders>{ui}</AppProviders>) };
}

export function summary(over: Partial<KeySummary> & { name: string }): KeySummary {
  const { secret: _s, ...rest } = makeKey({ secret: 'x'.repeat(64), instance: INSTANCE, ...over });
  return rest;
}

export function serverKey(over: Partial<ServerKey> = {}): ServerKey {
  return {
    id: 'r1',
    name: 'ci',
    start: 'abcdef',
    enabled: true,
    expiresAt: null,
    createdAt: '2026-11-01T10:00:00.000Z',
    lastRequest: null,
    requestCount: 0,
    ...over,
  };
}

export function view(over: Partial<InstanceKeysView> = {}): InstanceKeysView {
  return {
    instance: INSTANCE,
    vaultLocked: false,
    vaultKeys: [],
    otherServerKeys: [],
    via: { kind: 'tab' },
    computedAt: '2026-11-20T12:00:00.000Z',
    ...over,
  };
}

export const ok = <T,>(value: T) => ({ ok: true as const, value });
export const fail = (reason: string, message: string, extra: Record<string, unknown> = {}) => ({ ok: false as const, reason, message, ...extra });
