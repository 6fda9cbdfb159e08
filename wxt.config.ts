import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'wxt';
import { PACKAGED_FILES } from './lib/packaged/packaged-files';
import { OPENAPI_FALLBACK_SOURCE, zxcvbnData } from './lib/packaged/packaged-sources';

// The manifest is written here, not generated from usage, so that every permission is a
// deliberate, reviewable line (README "Permissions" lists each one, and a structure test keeps
// the two in step).
//
// `--mode e2e` builds a test-only variant into `.output/<browser>-mv*-e2e`: it adds a host
// permission for 127.0.0.1 so the end-to-end tests can drive a Kaneo tab without the
// `activeTab` user gesture a real toolbar click gives. The shipped build never has it.
//
// `--mode bench` builds the benchmark's variant into `.output/<browser>-mv*-bench` (`npm run
// bench`, docs/BENCHMARKS.md): the shipped build plus the `bench-*` unlisted scripts (the
// baseline page's React, the timing probe), the copied baseline page and the background seeder.
// Every other build drops them (tests/unit/structure/bench-build.test.ts checks both sides).
const BENCH_MODE = 'bench';
const MAIN_PAGES = ['popup', 'options'];

// One icon set for both browsers (public/icon/, drawn from icon/kaneo-key.svg by
// scripts/render-icons.sh). The toolbar's locked/unlocked variants are set at run time
// (lib/vault/background/toolbar-icon.ts); the manifest starts with the locked one.
const ICON_SIZES = [16, 32, 48, 128] as const;
function toolbarIcons(isFirefox: boolean) {
  const icons = Object.fromEntries(ICON_SIZES.map((size) => [String(size), `icon/${size}.png`]));
  const toolbar = Object.fromEntries([16, 32].map((size) => [String(size), `icon/locked-${size}.png`]));
  const action = { default_icon: toolbar, default_title: 'Kaneo Key Manager' };
  return { icons, ...(isFirefox ? { browser_action: action } : { action }) };
}

export default defineConfig({
  modules: ['@wxt-dev/module-react', '@wxt-dev/webextension-polyfill'],
  hooks: {
    // An extension page pays a few milliseconds of main-thread time for every file it loads
    // before its first paint (measured in Chromium: 14 tiny extra files cost ~35 ms; issue 11).
    // Built together, the pages shared a dozen small chunks: the popup loaded 17 files. So the
    // popup and options page are one Vite build whose first screens share ONE chunk (the
    // `kaneo-main-page-chunks` plugin below), and every other page (DevTools, its panel, the
    // offscreen document) is a build of its own, bundling what it uses. Shared React between
    // the popup and options keeps the Chrome zip ~150 kB under 1 MB; a build per page would not.
    // What a page loads later (dynamic imports) stays split out. A one-entry group stays a list:
    // WXT builds a list as pages, a lone entry as a script.
    'entrypoints:grouped': (_wxt, groups) => {
      for (let i = groups.length - 1; i >= 0; i--) {
        const group = groups[i]!;
        if (!Array.isArray(group) || group.length < 2) continue;
        const main = group.filter((entry) => MAIN_PAGES.includes(entry.name));
        const rest = group.filter((entry) => !MAIN_PAGES.includes(entry.name));
        groups.splice(i, 1, ...[main, ...rest.map((entry) => [entry])].filter((g) => g.length > 0));
      }
    },
    'entrypoints:found': (wxt, infos) => {
      if (wxt.config.mode === BENCH_MODE) return;
      for (let i = infos.length - 1; i >= 0; i--) if (infos[i]!.name.startsWith('bench-')) infos.splice(i, 1);
    },
    'build:publicAssets': (wxt, files) => {
      // Large read-only data ships as plain files read on demand, not inside the background script
      // (parsed on every service-worker wake): lib/packaged/packaged-files.ts.
      files.push(
        { relativeDest: PACKAGED_FILES.zxcvbn, contents: JSON.stringify(zxcvbnData()) },
        // Minified: the committed copy is indented to stay byte-identical to the shared fixture.
        { relativeDest: PACKAGED_FILES.openApiFallback, contents: JSON.stringify(JSON.parse(readFileSync(OPENAPI_FALLBACK_SOURCE, 'utf8'))) },
      );
      // The bench's baseline page is copied, not built: a fourth HTML entrypoint would change how
      // Vite splits the popup's and options page's chunks, and the bench must load them as shipped.
      if (wxt.config.mode === BENCH_MODE) {
        files.push({ absoluteSrc: resolve(wxt.config.root, 'lib/bench/bench-baseline.html'), relativeDest: 'bench-baseline.html' });
      }
    },
  },
  // WXT sets NODE_ENV to the mode when it is unset, so `--mode e2e` would bundle React's
  // development build (a third bigger, thousands of console.timeStamp lines in Firefox). The e2e
  // build must run the same production code as the shipped one: only the mode
  // (`import.meta.env.MODE`) differs. Vite reads NODE_ENV when it resolves its config, after this
  // runs; the plugin's define is merged last, so it also wins over WXT's per-entrypoint
  // `process.env.NODE_ENV = mode` for the background. tests/unit/structure/e2e-build.test.ts checks it.
  vite: (env) => {
    if (env.mode === 'e2e' || env.mode === BENCH_MODE) process.env.NODE_ENV = 'production';
    return {
      plugins: [
        {
          name: 'kaneo-production-bundles',
          config: () => ({ define: { 'process.env.NODE_ENV': JSON.stringify('production') } }),
        },
        // The popup's and options page's build only (see `entrypoints:grouped`): everything both
        // first screens import goes into one `shared` chunk instead of a chunk per set of
        // importers (the bundler's runtime stays a tiny chunk of its own). Lazy chunks keep their code.
        {
          name: 'kaneo-main-page-chunks',
          config: (config: { build?: { rollupOptions?: { input?: unknown } } }) => {
            const input = config.build?.rollupOptions?.input;
            if (!input || typeof input !== 'object' || !MAIN_PAGES.every((name) => name in input)) return;
            return { build: { rolldownOptions: { output: { codeSplitting: { groups: [{ name: 'shared', tags: ['$initial'], minShareCount: 2 }] } } } } };
          },
        },
        // Bench builds only: the popup and options pages load the timing probe first, a classic
        // script that runs before the app's module scripts (it watches from navigation start).
        ...(env.mode === BENCH_MODE
          ? [
              {
                name: 'kaneo-bench-probe',
                transformIndexHtml: (html: string, ctx: { path: string }) =>
                  /\/(popup|options)(\/index)?\.html$/.test(ctx.path)
                    ? html.replace('<head>', '<head>\n    <script src="/bench-probe.js"></script>')
                    : html,
              },
            ]
          : []),
      ],
    };
  },
  manifest: ({ browser, mode }) => {
    const isFirefox = browser === 'firefox';
    const permissions = [
      'storage',
      // The vault is one encrypted item that must be able to grow past Chrome's 10 MiB
      // storage.local quota (10,000 keys with notes is ~31 MB); the vault enforces its own
      // 40 MiB limit instead (lib/vault/background/vault-storage.ts MAX_ENVELOPE_BYTES).
      'unlimitedStorage',
      'alarms',
      'activeTab',
      'scripting',
      'clipboardWrite',
      'notifications',
      ...(isFirefox ? [] : ['offscreen']),
    ];
    const e2eHosts = mode === 'e2e' ? ['http://127.0.0.1/*'] : [];
    return {
      name: 'Kaneo Key Manager',
      description:
        'Keep Kaneo API keys in an encrypted vault, create them through your signed-in Kaneo tab, test them and copy ready-to-run snippets.',
      permissions,
      host_permissions: e2eHosts,
      // The toolbar popup from the keyboard; people can change it in the browser's shortcut settings.
      commands: {
        [isFirefox ? '_execute_browser_action' : '_execute_action']: {
          suggested_key: { default: 'Alt+Shift+K' },
          description: 'Open Kaneo Key Manager',
        },
      },
      ...toolbarIcons(isFirefox),
      // Asked for at run time, one instance origin at a time (permissions.request).
      // Firefox is built as MV2, where optional origins are listed under optional_permissions.
      optional_host_permissions: ['https://*/*', 'http://*/*'],
      ...(isFirefox
        ? {
            optional_permissions: ['https://*/*', 'http://*/*'],
            browser_specific_settings: {
              gecko: {
                id: 'kaneo-key-manager@kaneo-tools',
                strict_min_version: '140.0',
                // Firefox asks every new add-on to declare what it collects: nothing leaves the browser.
                data_collection_permissions: { required: ['none'] },
              },
              // Firefox for Android learned data_collection_permissions in 142.
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
    };
  },
});
