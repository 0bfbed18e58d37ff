// The Pipes snippet. Paste it into every page (or let the Pipes GTM web tag do the same). It defines the `pipes`
// function, which queues calls in `pipes.q` until the tracker has loaded, and loads the tracker without blocking the
// page. Replace both URLs with your server-side GTM domain. Under a Content-Security-Policy, give this inline script
// your nonce (or its hash) and allow the sGTM domain in script-src and connect-src.
(function (w, d, src) {
  var pipes = (w.pipes = w.pipes || function () {
    (pipes.q = pipes.q || []).push(arguments);
  });
  var script = d.createElement('script');
  script.async = true;
  script.src = src;
  d.head.appendChild(script);
})(window, document, 'https://sgtm.example.com/p/pipes.js');

pipes('init', { endpoint: 'https://sgtm.example.com/p/collect' });
pipes('page');
