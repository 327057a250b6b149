// Runs before video.js loads: no inline <style> elements (our Content-Security-Policy forbids them).
window.VIDEOJS_NO_DYNAMIC_STYLE = true;
