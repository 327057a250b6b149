const { chromium } = require('playwright-core');
const path = require('path');
const fs = require('fs');
(async () => {
  const [,, src, out, w, h, y] = process.argv;
  fs.writeFileSync('/tmp/view.html', `<body style="margin:0"><img src="file://${path.resolve(src)}" style="display:block;margin-top:-${y || 0}px"></body>`);
  const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--allow-file-access-from-files'] });
  const p = await b.newPage({ viewport: { width: Number(w), height: Number(h) } });
  await p.goto('file:///tmp/view.html');
  await p.waitForTimeout(300);
  await p.screenshot({ path: out });
  await b.close();
})();
