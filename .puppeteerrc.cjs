// Never download a browser at install time: k8snet renders with a system Chrome/Chromium.
/** @type {import("puppeteer").Configuration} */
module.exports = { skipDownload: true };
