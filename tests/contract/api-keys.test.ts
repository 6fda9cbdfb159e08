// better-auth's API-key plugin as Kaneo configures it: create / list / get / update / delete, the
// shapes of their answers, and the bounds on name and expiresIn.
import {
  call,
  createKey,
  signedInKaneo,
  uniqueName,
  webSession,
} from './support/kaneo-target';

const KEY_FIELDS = [
  'id', 'name', 'start', 'prefix', 'referenceId', 'enabled', 'expiresAt', 'createdAt', 'updatedAt',
  'lastRequest', 'requestCount', 'remaining', 'rateLimitEnabled', 'rateLimitTimeWindow', 'rateLimitMax',
  'refillInterval', 'refillAmount', 'lastRefillAt', 'permissions', 'metadata', 'configId',
] as const;
const DAY = 86_400;

const kaneo = signedInKaneo();
let web: Record<string, string>;

beforeAll(() => {
  web = webSession(kaneo.target, kaneo.cookie);
});

const create = async (body: Record<string, unknown>) => {
  const res = await call(kaneo.target, '/auth/api-key/create', { headers: web, json: body });
  if (res.status === 200) kaneo.created.push(res.body.id);
  return res;
};

describe('POST /api/auth/api-key/create', () => {
  it('answers every field, the 64-character secret once, and start = its first 6 characters', async () => {
    const name = uniqueName('shape');
    const res = await create({ name });
    expect(res.status).toBe(200);
    for (const field of KEY_FIELDS) expect(res.body).toHaveProperty(field);
    expect(res.body.name).toBe(name);
    expect(res.body.key).toMatch(/^\S{64}$/);
    expect(res.body.start).toBe(res.body.key.slice(0, 6));
    expect(res.body.prefix).toBeNull();
    expect(res.body.enabled).toBe(true);
    expect(res.body.expiresAt).toBeNull();
    expect(res.body.permissions).toBeNull();
    expect(res.body.metadata).toBeNull();
    expect(res.body).toMatchObject({ rateLimitEnabled: true, rateLimitMax: 100, rateLimitTimeWindow: 60_000 });
    // The key's owner is the signed-in user (get-session with x-api-key answers that user).
    const session = await call(kaneo.target, '/auth/get-session', { headers: { 'x-api-key': res.body.key } });
    expect(session.status).toBe(200);
    expect(res.body.referenceId).toBe(session.body.user.id);
  });

  it('puts a requested prefix in front of the secret', async () => {
    const res = await create({ name: uniqueName('prefix'), prefix: 'kkm_' });
    expect(res.status).toBe(200);
    expect(res.body.prefix).toBe('kkm_');
    expect(res.body.key.startsWith('kkm_')).toBe(true);
    expect(res.body.start).toBe(res.body.key.slice(0, 6));
  });

  it('takes expiresIn in seconds: 1 day gives expiresAt one day ahead', async () => {
    const before = Date.now();
    const res = await create({ name: uniqueName('1day'), expiresIn: DAY });
    const after = Date.now();
    expect(res.status).toBe(200);
    const expiresAt = Date.parse(res.body.expiresAt);
    expect(expiresAt).toBeGreaterThanOrEqual(before + DAY * 1000 - 2000);
    expect(expiresAt).toBeLessThanOrEqual(after + DAY * 1000 + 2000);
  });

  it('refuses expiresIn below one day: 400 EXPIRES_IN_IS_TOO_SMALL', async () => {
    const res = await create({ name: uniqueName('short'), expiresIn: DAY - 1 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('EXPIRES_IN_IS_TOO_SMALL');
  });

  it('accepts 365 days and refuses anything longer (400)', async () => {
    expect((await create({ name: uniqueName('365d'), expiresIn: 365 * DAY })).status).toBe(200);
    expect((await create({ name: uniqueName('366d'), expiresIn: 365 * DAY + 1 })).status).toBe(400);
  });

  it('accepts a 32-character name and refuses a 33-character one (400)', async () => {
    const ok = await create({ name: 'n'.repeat(32) });
    expect(ok.status).toBe(200);
    expect(ok.body.name).toBe('n'.repeat(32));
    expect((await create({ name: 'n'.repeat(33) })).status).toBe(400);
  });

  it('refuses permissions from a client: 400 SERVER_ONLY_PROPERTY', async () => {
    const res = await create({ name: uniqueName('perm'), permissions: { project: ['read'] } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('SERVER_ONLY_PROPERTY');
  });

  it('refuses metadata: 400 METADATA_DISABLED', async () => {
    const res = await create({ name: uniqueName('meta'), metadata: { purpose: 'test' } });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('METADATA_DISABLED');
  });
});

describe('list, get, update, delete', () => {
  it('lists keys as {apiKeys, total} without secrets', async () => {
    const mine = await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('list') }, kaneo.created);
    const res = await call(kaneo.target, '/auth/api-key/list', { headers: web });
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body.apiKeys)).toBe(true);
    expect(typeof res.body.total).toBe('number');
    const found = res.body.apiKeys.find((k: { id: string }) => k.id === mine.id);
    expect(found).toBeDefined();
    for (const field of KEY_FIELDS) expect(found).toHaveProperty(field);
    for (const k of res.body.apiKeys) expect(k).not.toHaveProperty('key');
    expect(found.start).toBe(mine.key.slice(0, 6));
  });

  it('gets one key by id without its secret', async () => {
    const mine = await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('get') }, kaneo.created);
    const res = await call(kaneo.target, `/auth/api-key/get?id=${encodeURIComponent(mine.id)}`, { headers: web });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: mine.id, name: mine.name, start: mine.start });
    expect(res.body).not.toHaveProperty('key');
  });

  it('renames a key and answers it without its secret', async () => {
    const mine = await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('rename') }, kaneo.created);
    const name = uniqueName('renamed');
    const res = await call(kaneo.target, '/auth/api-key/update', { headers: web, json: { keyId: mine.id, name } });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: mine.id, name });
    expect(res.body).not.toHaveProperty('key');
  });

  it('enabled:false shuts a key out everywhere until enabled:true', async () => {
    const mine = await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('disable') }, kaneo.created);
    const { body: orgs } = await call(kaneo.target, '/auth/organization/list', { headers: { 'x-api-key': mine.key } });
    const workspaceId = encodeURIComponent(orgs[0].id);
    const projects = (headers: Record<string, string>) => call(kaneo.target, `/project?workspaceId=${workspaceId}`, { headers });

    const off = await call(kaneo.target, '/auth/api-key/update', { headers: web, json: { keyId: mine.id, enabled: false } });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    for (const headers of [{ authorization: `Bearer ${mine.key}` }, { 'x-api-key': mine.key }] as Array<Record<string, string>>) {
      const res = await projects(headers);
      expect(res.status).toBe(401);
      expect(res.text).toBe('Unauthorized');
    }
    expect((await call(kaneo.target, '/auth/organization/list', { headers: { 'x-api-key': mine.key } })).status).toBe(401);

    const on = await call(kaneo.target, '/auth/api-key/update', { headers: web, json: { keyId: mine.id, enabled: true } });
    expect(on.status).toBe(200);
    expect(on.body.enabled).toBe(true);
    expect((await projects({ authorization: `Bearer ${mine.key}` })).status).toBe(200);
    expect((await projects({ 'x-api-key': mine.key })).status).toBe(200);
  });

  it('deletes a key ({success:true}); deleting again is 404 KEY_NOT_FOUND; the key is dead', async () => {
    const mine = await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('delete') }, kaneo.created);
    const { body: orgs } = await call(kaneo.target, '/auth/organization/list', { headers: { 'x-api-key': mine.key } });
    const first = await call(kaneo.target, '/auth/api-key/delete', { headers: web, json: { keyId: mine.id } });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ success: true });
    const again = await call(kaneo.target, '/auth/api-key/delete', { headers: web, json: { keyId: mine.id } });
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('KEY_NOT_FOUND');
    for (const headers of [{ authorization: `Bearer ${mine.key}` }, { 'x-api-key': mine.key }] as Array<Record<string, string>>) {
      const res = await call(kaneo.target, `/project?workspaceId=${encodeURIComponent(orgs[0].id)}`, { headers });
      expect(res.status).toBe(401);
      expect(res.text).toBe('Unauthorized');
    }
  });
});

describe('a key manages keys itself (sessions are enabled for API keys)', () => {
  it('creates, lists and deletes another key with x-api-key and with Bearer', async () => {
    const manager = await createKey(kaneo.target, kaneo.cookie, { name: uniqueName('manager') }, kaneo.created);
    for (const auth of [{ 'x-api-key': manager.key }, { authorization: `Bearer ${manager.key}` }] as Array<Record<string, string>>) {
      const made = await call(kaneo.target, '/auth/api-key/create', { headers: auth, json: { name: uniqueName('child') } });
      expect(made.status).toBe(200);
      kaneo.created.push(made.body.id);
      const list = await call(kaneo.target, '/auth/api-key/list', { headers: auth });
      expect(list.status).toBe(200);
      expect(list.body.apiKeys.map((k: { id: string }) => k.id)).toContain(made.body.id);
      const gone = await call(kaneo.target, '/auth/api-key/delete', { headers: auth, json: { keyId: made.body.id } });
      expect(gone.status).toBe(200);
      expect(gone.body).toEqual({ success: true });
    }
  });
});
