// The one stylesheet and the one script every page inlines (a static site's pages their own script). The server hashes
// the stylesheet and script for its Content-Security-Policy, so they must be used exactly as exported. Pure data.

/** Readable on a phone and on a wide screen; light and dark; hides the language a reader switched off. */
export const PAGE_CSS = `
:root{color-scheme:light dark;--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--card:#f6f7f9;--line:#dde1e6;--link:#0b57d0;--mark:#ffe58a;--warn:#a15c00}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--muted:#a8adb4;--bg:#15171a;--card:#1e2125;--line:#33373d;--link:#8ab4f8;--mark:#6b5a12;--warn:#f0b35a}}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--fg);font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif}
a{color:var(--link);text-decoration:none}a:hover{text-decoration:underline}
header.top{position:sticky;top:0;z-index:1;background:var(--bg);border-bottom:1px solid var(--line)}
.bar{max-width:1200px;margin:0 auto;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center}
.brand{font-weight:700;color:var(--fg)}
form.find{flex:1 1 14rem;display:flex;gap:.4rem}
form.find input{flex:1;min-width:0;padding:.35rem .6rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);font:inherit}
button{padding:.35rem .8rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);font:inherit;cursor:pointer}
nav.read{display:flex;border:1px solid var(--line);border-radius:6px;overflow:hidden}
nav.read a{padding:.3rem .65rem;color:var(--muted);font-size:.9rem}
nav.read a[aria-current=true]{background:var(--link);color:var(--bg)}
main{max-width:1200px;margin:0 auto;padding:1rem}
h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:2rem 0 .5rem;padding-bottom:.3rem;border-bottom:1px solid var(--line)}
.muted,.meta{color:var(--muted);font-size:.9rem}
.meta{margin:.2rem 0}
.toc{display:flex;flex-wrap:wrap;gap:.4rem;padding:0;list-style:none}
.toc a{display:inline-block;padding:.15rem .6rem;border:1px solid var(--line);border-radius:99px;font-size:.9rem}
article.paper{margin:1rem 0;padding:1rem;background:var(--card);border:1px solid var(--line);border-radius:8px;overflow-wrap:anywhere}
article.paper.seen{opacity:.7}.seen-on{float:right;margin:0 0 0 .6rem}
article.paper h3{font-size:1.1rem;margin:0 0 .3rem;line-height:1.35}
h3 .tr,h1 .tr{display:block;font-weight:600;margin-top:.2rem}
.id{font:600 .8rem ui-monospace,monospace;color:var(--muted);margin-right:.4rem}
.links{display:flex;flex-wrap:wrap;gap:.3rem 1rem;margin:.4rem 0;font-size:.9rem}
.abs{margin-top:.6rem}.abs h4{margin:.6rem 0 .2rem;font-size:.85rem;color:var(--muted);text-transform:uppercase;letter-spacing:.03em}
.abs p{margin:0}
.flag{color:var(--warn);font-weight:700;margin-left:.15em}
ul.flags{list-style:none;margin:.3rem 0;padding:.2rem .6rem;border-left:3px solid var(--warn);font-size:.85rem;color:var(--muted)}
ul.flags li{margin:.1rem 0}ul.flags span{color:var(--warn)}
.tldr{margin:.3rem 0}.tldr strong{font-size:.8rem;color:var(--muted);margin-right:.3rem}
.hf .up{font-weight:600}
.spark{display:inline-flex;flex-wrap:wrap;align-items:center;gap:.2rem .5rem;margin-left:.6rem;vertical-align:middle}.spark svg{color:var(--link)}
mark{background:var(--mark);color:inherit;padding:0 .1em;border-radius:2px}
code.tex{font-size:.9em;background:var(--line);padding:0 .2em;border-radius:3px}
math{font-size:1.05em}
table.list{border-collapse:collapse;width:100%}table.list td,table.list th{padding:.4rem .5rem;border-bottom:1px solid var(--line);text-align:left}
.pager{display:flex;justify-content:space-between;margin:1.5rem 0}
form.filters{display:flex;flex-wrap:wrap;gap:.5rem;align-items:end;margin:.5rem 0 1rem}
form.filters label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted)}
form.filters input{padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);font:inherit}
form.rate{display:flex;flex-wrap:wrap;align-items:center;gap:.3rem;margin:.4rem 0}
form.rate button{padding:.15rem .6rem;font-size:.85rem}
form.rate button[aria-pressed=true]{background:var(--link);color:var(--bg);border-color:var(--link)}
.notice{padding:.6rem 1rem;border-left:4px solid var(--link);background:var(--card)}
figure.trend{margin:1rem 0}figure.trend svg.trend-chart{display:block;width:100%;height:auto;color:var(--fg)}
ul.legend{display:flex;flex-wrap:wrap;gap:.3rem 1.2rem;list-style:none;padding:0;margin:.5rem 0}ul.legend svg{vertical-align:-2px}
form.filters select{padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:var(--card);color:var(--fg);font:inherit}
html[data-read=original] .tr{display:none}
html[data-read=translation] .has-tr .orig{display:none}
@media (min-width:900px){html[data-read=both] .has-tr .abs{display:grid;grid-template-columns:1fr 1fr;gap:1.5rem}}
@media (max-width:600px){main{padding:.6rem}article.paper{padding:.75rem}h1{font-size:1.25rem}}
`.trim();

/**
 * The reading-language switch without a reload: sets `data-read` on <html> and the `pw_read` cookie the server
 * reads on the next page. Without script the switch's links do the same through `/prefs/read`.
 */
export const PAGE_SCRIPT = `
document.addEventListener('click', function (event) {
  var link = event.target instanceof Element ? event.target.closest('a[data-mode]') : null;
  if (!link) return;
  event.preventDefault();
  var mode = link.getAttribute('data-mode');
  document.documentElement.setAttribute('data-read', mode);
  document.cookie = 'pw_read=' + mode + '; Path=/; Max-Age=31536000; SameSite=Lax';
  document.querySelectorAll('a[data-mode]').forEach(function (other) {
    other.setAttribute('aria-current', String(other.getAttribute('data-mode') === mode));
  });
});
`.trim();

/**
 * The reading-language switch of a static site's page (`paperwire site`), run in <head>: no server reads a cookie
 * there, so the mode is kept in localStorage (per site, also from file://) and put on <html> before the first
 * paint; a click switches in place and remembers, and a choice stored from another page or tab is shown when it
 * arrives. Where storage is refused, the switch still works on the page.
 */
export const STATIC_PAGE_SCRIPT = `
(function () {
  var KEY = 'pw_read';
  var MODES = ['original', 'translation', 'both'];
  function remembered() {
    try { return window.localStorage.getItem(KEY); } catch (error) { return null; }
  }
  function remember(mode) {
    try { window.localStorage.setItem(KEY, mode); } catch (error) { return; }
  }
  function show(mode) {
    document.documentElement.setAttribute('data-read', mode);
    document.querySelectorAll('a[data-mode]').forEach(function (link) {
      link.setAttribute('aria-current', String(link.getAttribute('data-mode') === mode));
    });
  }
  var start = remembered();
  if (MODES.indexOf(start) >= 0) {
    document.documentElement.setAttribute('data-read', start);
    document.addEventListener('DOMContentLoaded', function () { show(start); });
  }
  document.addEventListener('click', function (event) {
    var link = event.target instanceof Element ? event.target.closest('a[data-mode]') : null;
    if (!link) return;
    event.preventDefault();
    var mode = link.getAttribute('data-mode');
    show(mode);
    remember(mode);
  });
  // A choice made in another tab, or one the browser stored only after this page read it (a link followed at once).
  window.addEventListener('storage', function (event) {
    if (event.key === KEY && MODES.indexOf(event.newValue) >= 0) show(event.newValue);
  });
})();
`.trim();
