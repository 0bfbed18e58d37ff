// The demo shop's own page script: a consent banner, a cart, a sign-in, the brew planner's routes. It talks to
// analytics only the way a real site does: dataLayer pushes and gtag consent commands, which GTM's triggers pick up.
const page = window as unknown as {
  dataLayer: unknown[];
  gtag: (...args: unknown[]) => void;
  pipes?: (command: () => void) => void;
};

const $ = <T extends HTMLElement>(selector: string): T | null => document.querySelector<T>(selector);

function consentBanner(): void {
  const banner = $('#consent-banner')!;
  const choose = (choice: 'granted' | 'denied') => {
    localStorage.setItem('demo-consent', choice);
    page.gtag('consent', 'update', { analytics_storage: choice });
    banner.hidden = true;
  };
  banner.hidden = localStorage.getItem('demo-consent') !== null;
  $('#consent-accept')!.addEventListener('click', () => choose('granted'));
  $('#consent-reject')!.addEventListener('click', () => choose('denied'));
  $('#consent-settings')!.addEventListener('click', (event) => {
    event.preventDefault();
    banner.hidden = false;
  });
}

function cart(): void {
  const count = $('#cart-count')!;
  count.textContent = localStorage.getItem('demo-cart') ?? '0';
  document.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLElement>('[data-add-to-cart]');
    if (!button) return;
    const items = Number(localStorage.getItem('demo-cart') ?? '0') + 1;
    localStorage.setItem('demo-cart', String(items));
    count.textContent = String(items);
    page.dataLayer.push({ event: 'add_to_cart', product_id: button.dataset.addToCart, price: Number(button.dataset.price), currency: 'EUR' });
  });
}

function account(): void {
  const form = $<HTMLFormElement>('#login-form');
  if (!form) return;
  const render = () => {
    const member = localStorage.getItem('demo-member');
    $('#signed-out')!.hidden = member !== null;
    $('#signed-in')!.hidden = member === null;
    $('#member-id')!.textContent = member ?? '';
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const member = $<HTMLInputElement>('#member')!.value.trim();
    localStorage.setItem('demo-member', member);
    page.dataLayer.push({ event: 'login', user_id: member });
    render();
  });
  $('#logout')!.addEventListener('click', () => {
    localStorage.removeItem('demo-member');
    page.dataLayer.push({ event: 'logout' });
    render();
  });
  render();
}

/** What the privacy page says about this browser: the tracker's own answer once it is there. */
function optOutStatus(): void {
  const status = $('#optout-status');
  if (!status) return;
  const show = () => {
    const optedOut = document.cookie.split('; ').some((cookie) => cookie.startsWith('pipes_optout='));
    status.textContent = optedOut ? 'off (you opted out)' : 'on';
  };
  show();
  // the opt-out and opt-in tags run on the link click; their cookie is there a moment later
  window.addEventListener('hashchange', () => page.pipes?.(show));
}

const ROUTES: Record<string, string> = {
  '/app': '<h2>Overview</h2><p>Three recipes saved. Next bag: Nyeri AA.</p>',
  '/app/recipes': '<h2>Recipes</h2><ul><li>V60, 15 g to 250 g, 3:00</li><li>AeroPress, 14 g to 200 g, 2:00</li></ul>',
  '/app/timer': '<h2>Timer</h2><p><button type="button" id="start-timer" data-recipe="v60" data-seconds="180">Start a V60 (3:00)</button></p>',
};

function brewPlanner(): void {
  const view = $('#app-view');
  if (!view) return;
  const render = () => {
    view.innerHTML = ROUTES[location.pathname] ?? '<h2>Not found</h2>';
    document.title = `${view.querySelector('h2')!.textContent} · Brew planner · Lumen Coffee`;
  };
  document.addEventListener('click', (event) => {
    const link = (event.target as Element).closest<HTMLAnchorElement>('a[data-route]');
    if (link) {
      event.preventDefault();
      if (link.pathname !== location.pathname) history.pushState(null, '', link.pathname);
      render();
      return;
    }
    const timer = (event.target as Element).closest<HTMLElement>('#start-timer');
    if (timer) page.dataLayer.push({ event: 'brew_timer_start', recipe: timer.dataset.recipe, seconds: Number(timer.dataset.seconds) });
  });
  window.addEventListener('popstate', render);
  render();
}

consentBanner();
cart();
account();
optOutStatus();
brewPlanner();

export {};
