// A plain sign-in page at `/`, on the server's own origin, so a real browser tab can sign in the
// way Kaneo's web app does: a same-origin JSON POST to /api/auth/sign-in/email that sets the
// session cookie. Once signed in the page says "Signed in as …" and offers a small "Create a
// task" form, so a test can watch the web app make an API request of its own (DevTools panel).

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

const STYLE = `
  :root { color-scheme: light dark; font-family: system-ui, sans-serif; }
  body { max-width: 24rem; margin: 4rem auto; padding: 0 1rem; }
  form { display: grid; gap: .75rem; }
  label { display: grid; gap: .25rem; }
  input, button { font: inherit; padding: .4rem .5rem; }
  [role=alert] { color: #b00020; }
`;

const SCRIPT = `
const form = document.getElementById('sign-in');
if (form) form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('error');
  error.textContent = '';
  const data = new FormData(form);
  const res = await fetch('/api/auth/sign-in/email', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ email: data.get('email'), password: data.get('password') }),
  });
  if (res.ok) { location.reload(); return; }
  let message = 'Sign-in failed (' + res.status + ')';
  try { const body = await res.json(); if (body && body.message) message = body.message; } catch {}
  error.textContent = message;
});
// Like Kaneo's web app: the page itself creates the task, with its session cookie.
const createTask = document.getElementById('create-task');
if (createTask) createTask.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(createTask);
  const res = await fetch('/api/task/' + encodeURIComponent(data.get('projectId')), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    credentials: 'same-origin',
    body: JSON.stringify({ title: data.get('title'), description: '', status: 'to-do', priority: 'no-priority' }),
  });
  const body = await res.json().catch(() => null);
  document.getElementById('task-status').textContent = res.ok && body ? 'Created task ' + body.id : 'Could not create the task (' + res.status + ')';
});
const signOut = document.getElementById('sign-out');
if (signOut) signOut.addEventListener('click', async () => {
  await fetch('/api/auth/sign-out', {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, credentials: 'same-origin', body: '{}',
  });
  location.reload();
});
`;

export function signInPageHtml(user: { name: string; email: string } | null): string {
  const body = user
    ? `<h1>Kaneo</h1>
<p id="status">Signed in as ${escapeHtml(user.name)} (${escapeHtml(user.email)})</p>
<button type="button" id="sign-out">Sign out</button>
<h2>Create a task</h2>
<form id="create-task">
  <label>Project ID <input name="projectId" required></label>
  <label>Title <input name="title" required></label>
  <button type="submit">Create task</button>
  <p id="task-status" role="status"></p>
</form>`
    : `<h1>Sign in to Kaneo</h1>
<form id="sign-in" method="post" action="/api/auth/sign-in/email">
  <label>Email <input name="email" type="email" autocomplete="username" required></label>
  <label>Password <input name="password" type="password" autocomplete="current-password" required></label>
  <button type="submit">Sign in</button>
  <p id="error" role="alert"></p>
</form>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kaneo – ${user ? 'signed in' : 'sign in'}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
<script>${SCRIPT}</script>
</body>
</html>`;
}
