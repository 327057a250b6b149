#!/usr/bin/env node
// Makes the course's placeholder videos from narration scripts (<name>.yml beside this file):
// title cards with Dutch text-to-speech (espeak-ng), WebVTT captions timed to the speech, and a
// poster. Needs ffmpeg, ffprobe and espeak-ng (Debian: apt-get install ffmpeg espeak-ng
// fonts-dejavu-core). Usage: node content/media/scripts/make-videos.js [name ...]
'use strict';
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const YAML = require('yaml');

const HERE = __dirname;
const MEDIA = path.resolve(HERE, '..');
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
const FONT_BOLD = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
const CUE_PAUSE = 0.35;
const SLIDE_PAUSE = 0.8;

function run(cmd, args) {
  return execFileSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
}
function need(cmd) {
  try {
    execFileSync('which', [cmd], { stdio: 'ignore' });
  } catch {
    console.error(`${cmd} is not installed. On Debian: apt-get install -y ffmpeg espeak-ng fonts-dejavu-core`);
    process.exit(1);
  }
}
function duration(file) {
  return Number(run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]).trim());
}
function sentences(text) {
  const parts = text.replace(/\s+/g, ' ').trim().match(/[^.!?]+[.!?]+["”’]?|[^.!?]+$/g) || [];
  const out = [];
  for (let s of parts.map((p) => p.trim()).filter(Boolean)) {
    while (s.length > 90) {
      const cut = s.lastIndexOf(', ', 80);
      if (cut < 25) break;
      out.push(s.slice(0, cut + 1));
      s = s.slice(cut + 2);
    }
    out.push(s);
  }
  return out;
}
function wrap(text, width = 42) {
  const lines = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && (line + ' ' + word).length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  if (lines.length <= 2) return lines.join('\n');
  const mid = Math.ceil(text.length / 2);
  const cut = text.indexOf(' ', mid);
  return cut > 0 ? `${text.slice(0, cut)}\n${text.slice(cut + 1)}` : text;
}
function stamp(t) {
  const ms = Math.round(t * 1000);
  const h = String(Math.floor(ms / 3600000)).padStart(2, '0');
  const m = String(Math.floor((ms % 3600000) / 60000)).padStart(2, '0');
  const s = String(Math.floor((ms % 60000) / 1000)).padStart(2, '0');
  return `${h}:${m}:${s}.${String(ms % 1000).padStart(3, '0')}`;
}
function card(tmp, i, lines, title, out) {
  const cardFile = path.join(tmp, `card-${i}.txt`);
  const titleFile = path.join(tmp, `title-${i}.txt`);
  fs.writeFileSync(cardFile, lines.trim());
  fs.writeFileSync(titleFile, `Steun in het onderwijs  ·  ${title}`);
  const filters = [
    `drawtext=fontfile=${FONT_BOLD}:textfile=${cardFile}:fontcolor=white:fontsize=56:line_spacing=22:x=(w-text_w)/2:y=(h-text_h)/2-30`,
    `drawtext=fontfile=${FONT}:textfile=${titleFile}:fontcolor=0xdfe8f0:fontsize=28:x=(w-text_w)/2:y=h-90`,
  ].join(',');
  run('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'color=c=0x1d3f5c:s=1280x720:d=1', '-vf', filters, '-frames:v', '1', out]);
}

function make(name) {
  const script = YAML.parse(fs.readFileSync(path.join(HERE, `${name}.yml`), 'utf8'));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), `video-${name}-`));
  const cues = [];
  const segments = [];
  let t = 0;
  script.slides.forEach((slide, si) => {
    const png = path.join(tmp, `slide-${si}.png`);
    card(tmp, si, slide.card, script.title, png);
    const start = t;
    sentences(slide.say).forEach((text, ci) => {
      const wav = path.join(tmp, `s${si}-${ci}.wav`);
      run('espeak-ng', ['-v', 'nl', '-s', '150', '-w', wav, text]);
      const d = duration(wav);
      cues.push({ start: t, end: t + d, text });
      segments.push({ wav, pause: CUE_PAUSE });
      t += d + CUE_PAUSE;
    });
    segments[segments.length - 1].pause = SLIDE_PAUSE;
    t += SLIDE_PAUSE - CUE_PAUSE;
    slide._png = png;
    slide._duration = t - start;
  });
  // Audio: every cue followed by its pause, concatenated.
  const list = segments.map((s, i) => {
    const silence = path.join(tmp, `p${i}.wav`);
    // Same format as espeak-ng's output (22,050 Hz, mono, 16-bit), or the concat demuxer drops the pauses.
    run('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'lavfi', '-i', 'anullsrc=r=22050:cl=mono', '-t', String(s.pause), '-c:a', 'pcm_s16le', silence]);
    return `file '${s.wav}'\nfile '${silence}'`;
  });
  fs.writeFileSync(path.join(tmp, 'audio.txt'), list.join('\n'));
  const audio = path.join(tmp, 'audio.wav');
  run('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', path.join(tmp, 'audio.txt'), '-ar', '22050', '-ac', '1', audio]);
  // Video: each card as its own segment of exactly its slide's time, then joined without re-encoding.
  const parts = script.slides.map((slide, i) => {
    const seg = path.join(tmp, `seg-${i}.mp4`);
    run('ffmpeg', [
      '-y', '-loglevel', 'error', '-loop', '1', '-framerate', '10', '-i', slide._png, '-t', slide._duration.toFixed(3),
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '30', '-tune', 'stillimage', '-pix_fmt', 'yuv420p', seg,
    ]);
    return `file '${seg}'`;
  });
  fs.writeFileSync(path.join(tmp, 'slides.txt'), parts.join('\n'));
  const silent = path.join(tmp, 'slides.mp4');
  run('ffmpeg', ['-y', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-i', path.join(tmp, 'slides.txt'), '-c', 'copy', silent]);
  const mp4 = path.join(MEDIA, `${name}.mp4`);
  const spoken = duration(audio);
  if (Math.abs(spoken - t) > 0.5) throw new Error(`${name}: the audio is ${spoken.toFixed(2)} s but the captions expect ${t.toFixed(2)} s`);
  run('ffmpeg', ['-y', '-loglevel', 'error', '-i', silent, '-i', audio, '-c:v', 'copy', '-c:a', 'aac', '-b:a', '48k', '-ac', '1', '-shortest', '-movflags', '+faststart', mp4]);
  const vtt = ['WEBVTT', ''];
  cues.forEach((c, i) => vtt.push(String(i + 1), `${stamp(c.start)} --> ${stamp(c.end)}`, wrap(c.text), ''));
  fs.writeFileSync(path.join(MEDIA, `${name}.nl.vtt`), vtt.join('\n'));
  run('ffmpeg', ['-y', '-loglevel', 'error', '-i', script.slides[0]._png, '-vf', 'scale=960:540', '-q:v', '7', path.join(MEDIA, `${name}.jpg`)]);
  fs.rmSync(tmp, { recursive: true, force: true });
  console.log(`${name}: ${duration(mp4).toFixed(1)} s, ${cues.length} captions, ${(fs.statSync(mp4).size / 1024).toFixed(0)} KB`);
}

need('ffmpeg');
need('ffprobe');
need('espeak-ng');
const names = process.argv.slice(2);
const all = fs.readdirSync(HERE).filter((f) => f.endsWith('.yml')).map((f) => f.replace(/\.yml$/, ''));
for (const name of names.length ? names : all) make(name);
