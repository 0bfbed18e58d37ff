// The demo shop's pages: server-rendered HTML around one layout. The layout is where a site puts GTM: the consent
// default first, then the container script, as GTM's own snippet would sit.
export interface Product {
  slug: string;
  name: string;
  origin: string;
  notes: string;
  price: number;
}

export const PRODUCTS: readonly Product[] = [
  { slug: 'huila-pink-bourbon', name: 'Huila Pink Bourbon', origin: 'Colombia', notes: 'raspberry, cacao nib, panela', price: 16.5 },
  { slug: 'yirgacheffe-konga', name: 'Yirgacheffe Konga', origin: 'Ethiopia', notes: 'jasmine, bergamot, peach', price: 15 },
  { slug: 'cerrado-natural', name: 'Cerrado Natural', origin: 'Brazil', notes: 'hazelnut, milk chocolate', price: 12 },
  { slug: 'nyeri-aa', name: 'Nyeri AA', origin: 'Kenya', notes: 'blackcurrant, tomato leaf, grapefruit', price: 17.5 },
  { slug: 'huehuetenango', name: 'Huehuetenango', origin: 'Guatemala', notes: 'red apple, toffee', price: 13.5 },
  { slug: 'decaf-sugarcane', name: 'Sugarcane Decaf', origin: 'Colombia', notes: 'caramel, orange', price: 14 },
];

const esc = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const euro = (price: number): string => `€${price.toFixed(2)}`;

const NAV: readonly [string, string][] = [
  ['/', 'Home'],
  ['/shop', 'Shop'],
  ['/app', 'Brew planner'],
  ['/subscribe', 'Subscribe'],
  ['/account', 'Account'],
  ['/privacy', 'Privacy'],
];

function layout(path: string, title: string, main: string): string {
  const nav = NAV.map(([href, label]) => `<a href="${href}"${href === path || (href !== '/' && path.startsWith(href)) ? ' aria-current="page"' : ''}>${label}</a>`).join('');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)} · Lumen Coffee</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/site.css">
<script>
  window.dataLayer = window.dataLayer || [];
  function gtag() { dataLayer.push(arguments); }
  gtag('consent', 'default', { analytics_storage: localStorage.getItem('demo-consent') || 'denied' });
</script>
<script async src="/gtm.js?id=GTM-PIPESDEMO"></script>
<script type="module" src="/static/site.js"></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">Lumen <span>Coffee</span></a>
  <nav>${nav}</nav>
  <form class="search" action="/search" method="get" role="search"><input name="q" type="search" placeholder="Search coffee" aria-label="Search"></form>
  <a class="cart" href="/shop">Cart <b id="cart-count">0</b></a>
</header>
<main>
${main}
</main>
<footer>
  <p>Lumen Coffee is the demo site of Pipes: every page runs the Pipes tag through the local web container.</p>
  <p><a href="#pipes-optout" id="pipes-optout">Do not collect my data</a> · <a href="#" id="consent-settings">Cookie settings</a> · <a href="/inspector/" id="inspector-link">Event inspector</a></p>
</footer>
<div id="consent-banner" class="banner" role="dialog" aria-label="Cookie consent" hidden>
  <p><b>Analytics cookies?</b> We record anonymized page views and clicks to improve this shop, on our own servers. No ads, no third parties.</p>
  <div><button id="consent-reject" type="button" class="secondary">Reject</button> <button id="consent-accept" type="button">Accept analytics</button></div>
</div>
</body>
</html>
`;
}

function productCard(product: Product): string {
  return `<article class="card">
  <a href="/shop/${product.slug}"><h3>${esc(product.name)}</h3></a>
  <p class="muted">${esc(product.origin)} · ${esc(product.notes)}</p>
  <p class="price">${euro(product.price)} <button type="button" data-add-to-cart="${product.slug}" data-price="${product.price}">Add to cart</button></p>
</article>`;
}

export function homePage(): string {
  return layout('/', 'Fresh roasted', `<section class="hero">
  <h1>Roasted on Monday, at your door on Wednesday.</h1>
  <p>Single-origin coffee from farms we visit, roasted light for filter and espresso.</p>
  <p><a class="button cta" href="/shop">Shop the current roasts</a> <a class="button secondary" href="/subscribe">Start a subscription</a></p>
</section>
<h2>This week</h2>
<div class="grid">${PRODUCTS.slice(0, 3).map(productCard).join('')}</div>`);
}

export function shopPage(): string {
  return layout('/shop', 'Shop', `<h1>Shop</h1><div class="grid">${PRODUCTS.map(productCard).join('')}</div>`);
}

export function productPage(product: Product): string {
  return layout('/shop', product.name, `<p><a href="/shop">← All coffees</a></p>
<h1>${esc(product.name)}</h1>
<p class="muted">${esc(product.origin)}</p>
<p>Tasting notes: ${esc(product.notes)}. 250 g, whole bean.</p>
<p class="price">${euro(product.price)} <button type="button" data-add-to-cart="${product.slug}" data-price="${product.price}">Add to cart</button></p>`);
}

export function searchPage(query: string): string {
  const needle = query.trim().toLowerCase();
  const found = needle ? PRODUCTS.filter((p) => `${p.name} ${p.origin} ${p.notes}`.toLowerCase().includes(needle)) : [];
  return layout('/search', 'Search', `<h1>Search</h1>
<p>${found.length} coffee${found.length === 1 ? '' : 's'} found.</p>
<div class="grid">${found.map(productCard).join('')}</div>`);
}

export function subscribePage(): string {
  return layout('/subscribe', 'Subscribe', `<h1>Coffee subscription</h1>
<p>A new coffee every two weeks. Pause or cancel any time.</p>
<form id="subscribe-form" class="stack" action="/welcome" method="get">
  <label>Name <input name="name" autocomplete="name" required></label>
  <label>E-mail <input name="email" type="email" autocomplete="email" required></label>
  <label>Plan <select name="plan"><option value="filter">Filter roast</option><option value="espresso">Espresso roast</option><option value="both">Both</option></select></label>
  <label class="inline"><input name="terms" type="checkbox" required> I accept the terms</label>
  <button type="submit">Subscribe</button>
</form>`);
}

export function welcomePage(): string {
  return layout('/welcome', 'Welcome', `<h1>Welcome aboard</h1><p>Your first bag ships on Monday. <a href="/shop">Keep browsing</a>.</p>`);
}

export function accountPage(): string {
  return layout('/account', 'Account', `<h1>Account</h1>
<div id="signed-out">
  <p>Sign in with your member number (the demo accepts any).</p>
  <form id="login-form" class="stack">
    <label>Member number <input name="member" id="member" required value="M-10442"></label>
    <button type="submit">Sign in</button>
  </form>
</div>
<div id="signed-in" hidden>
  <p>Signed in as member <b id="member-id"></b>.</p>
  <button type="button" id="logout">Sign out</button>
</div>`);
}

export function privacyPage(): string {
  return layout('/privacy', 'Privacy', `<h1>Privacy</h1>
<p>We record anonymized interactions (pages seen, clicks on buttons, form submissions without what you typed) under a
random id, on our own servers, to improve the shop. We never record names, e-mail addresses or what you type.</p>
<p>Collection in this browser: <b id="optout-status">…</b></p>
<p><a href="#pipes-optout" class="button secondary" id="privacy-optout">Do not collect my data</a>
<a href="#pipes-optin" class="button" id="pipes-optin">Collect again</a></p>`);
}

/** The brew planner: a single-page app whose routes under /app change with history.pushState (site.ts renders them). */
export function appPage(path: string): string {
  return layout(path, 'Brew planner', `<h1>Brew planner</h1>
<nav class="tabs"><a href="/app" data-route>Overview</a><a href="/app/recipes" data-route>Recipes</a><a href="/app/timer" data-route>Timer</a></nav>
<section id="app-view" aria-live="polite"></section>`);
}

export function notFoundPage(): string {
  return layout('', 'Not found', `<h1>Not found</h1><p><a href="/">Back to the shop</a></p>`);
}
