// Served by the host at /static/good/js/good.js.
export const good = true;
