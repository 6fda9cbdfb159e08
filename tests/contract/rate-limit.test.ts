// The API-key plugin's limit as Kaneo configures it: 100 requests per key per 60 s, counted on
// /api/auth/* only. This file spends one fresh key's whole budget, and only that key's.
import {
  call,
  createKey,
  signedInKaneo,
  uniqueName,
  type JsonResponse,
} from './support/kaneo-target';

const kaneo = signedInKaneo();

it('answers 429 RATE_LIMITED with details.tryAgainIn after 100 requests in 60 s, without rate-limit headers; Kaneo routes stay open', async () => {
  const { key } = await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('rate-limit') }, kaneo.created);
  const headers = { 'x-api-key': key };
  const first = await call(kaneo.target, '/auth/organization/list', { headers });
  expect(first.status).toBe(200);
  const workspaceId = first.body[0].id as string;

  let answered = 1;
  let limited: JsonResponse | null = null;
  // 100 allowed in the window; the limit must hit by request 101 (a few spare for clock edges).
  while (answered < 105) {
    const res = await call(kaneo.target, '/auth/organization/list', { headers });
    answered += 1;
    if (res.status === 429) {
      limited = res;
      break;
    }
    expect(res.status).toBe(200);
  }
  expect(limited, 'no 429 within 105 requests').not.toBeNull();
  expect(answered).toBeGreaterThanOrEqual(101);
  expect(limited!.body.code).toBe('RATE_LIMITED');
  expect(limited!.body.message).toBe('Rate limit exceeded.');
  expect(typeof limited!.body.details?.tryAgainIn).toBe('number');
  expect(limited!.body.details.tryAgainIn).toBeGreaterThan(0);
  expect(limited!.body.details.tryAgainIn).toBeLessThanOrEqual(60_000);
  const names = [...limited!.headers.keys()];
  expect(names.filter((n) => /ratelimit|rate-limit|retry-after/i.test(n))).toEqual([]);

  // Only /api/auth/* counts: Kaneo's own routes still answer this key.
  const projects = await call(kaneo.target, `/project?workspaceId=${encodeURIComponent(workspaceId)}`, { headers });
  expect(projects.status).toBe(200);
});
