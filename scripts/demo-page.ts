/**
 * The demo page `npm start` serves: a mock team wiki with a chat thread, full of share links of every
 * kind in the demo dataset, plus look-alikes that must not get a card.
 */

interface DemoLink {
  url: string;
  label?: string;
}

const escapeHtml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

const LOOK_ALIKES: Array<[string, string]> = [
  ['https://contoso.sharepoint.com.evil.example/:x:/s/Finance/EbC7', 'a look-alike host'],
  ['https://evilsharepoint.com/:w:/g/personal/x/EaBc', 'another look-alike'],
  ['https://1drv.ms.example.net/w/s!AkdiH3', 'a fake 1drv.ms'],
  ['https://sharepoint.com@evil.example/:x:/s/Finance/EbC7', 'a user-info trick'],
  ['https://contoso.sharepoint.com/sites/Finance', 'the Finance site home (not a document)'],
  ['https://example.com/docs/budget.xlsx', 'an ordinary web link'],
];

export function demoPage(links: DemoLink[]): string {
  const byLabel = (label: string) => links.find((each) => each.label === label)?.url;
  const a = (label: string, text: string) => {
    const url = byLabel(label);
    return url ? `<a href="${escapeHtml(url)}">${escapeHtml(text)}</a>` : escapeHtml(text);
  };
  const bulk = links
    .filter((each) => each.label?.startsWith('bulk-'))
    .slice(0, 12)
    .map((each, i) => `<li><a href="${escapeHtml(each.url)}">Weekly report ${i + 1}</a></li>`)
    .join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contoso team wiki — Q3 launch</title>
<style>
  body { font: 15px/1.5 system-ui, sans-serif; margin: 0; color: #1b1b1f; background: #f6f7f9; }
  header { background: #283593; color: #fff; padding: 12px 24px; }
  main { display: grid; grid-template-columns: 2fr 1fr; gap: 24px; padding: 24px; max-width: 1100px; }
  section, aside { background: #fff; border: 1px solid #dde; border-radius: 8px; padding: 16px 20px; }
  .msg { border-bottom: 1px solid #eee; padding: 8px 0; } .who { font-weight: 600; }
  a { color: #0f62b5; }
</style>
</head>
<body>
<header><strong>Contoso wiki</strong> › Marketing › Q3 launch</header>
<main>
<section>
  <h1>Q3 launch plan</h1>
  <p>The budget lives in ${a('file', 'Budget 2027 (Excel)')} and the proposal in ${a('odb-file', 'Adele’s proposal')}.
     All artwork is in ${a('folder', 'the launch assets folder')}; raw footage in ${a('big-folder', 'the footage archive')}.</p>
  <p>Dan shared ${a('personal', 'his trip notes')} from his personal OneDrive, and an older
     ${a('legacy-personal', 'expense sheet (legacy link)')}.</p>
  <p>The government partner’s brief: ${a('gov', 'GCC High brief (PDF)')}. Translations: ${a('unicode', 'Отчёт / 報告')}.</p>
  <p>Please don’t use ${a('revoked', 'the old pricing sheet')} (its link was removed) or
     ${a('no-access', 'the Fabrikam contract')} (only Alex can open it). ${a('must-redeem', 'The review deck')} needs to be
     added to your shared items once.</p>
  <h2>Weekly reports</h2>
  <ul>${bulk}</ul>
  <h2>Not share links</h2>
  <ul>${LOOK_ALIKES.map(([href, text]) => `<li><a href="${escapeHtml(href)}">${escapeHtml(text)}</a></li>`).join('')}</ul>
</section>
<aside aria-label="Chat">
  <h2>#q3-launch</h2>
  <div class="msg"><span class="who">Adele Vance</span><br>Numbers are in ${a('file', 'the budget')} 👍</div>
  <div class="msg"><span class="who">Megan Bowen</span><br>Can someone check ${a('folder', 'the assets')}?</div>
  <div class="msg"><span class="who">Alex Wilber</span><br>Contract: ${a('no-access', 'here')}</div>
</aside>
</main>
</body>
</html>`;
}
