// Where the portal is: the part of the URL after "#", e.g. "#/recherche?q=crue&service=DDT".
// Every view's state is in it, so that a page can be bookmarked, sent to a colleague, reloaded
// and navigated with the browser's back and forward buttons.

export function current() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const question = hash.indexOf('?');
  const path = question < 0 ? hash : hash.slice(0, question);
  const params = new URLSearchParams(question < 0 ? '' : hash.slice(question + 1));
  return { path: path || '/', params };
}

export function href(path, params) {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#${path}${query ? `?${query}` : ''}`;
}

// Goes to `path` with `params` (URLSearchParams or an object). `replace` rewrites the current
// entry of the history instead of adding one (typing in the search box).
export function go(path, params, { replace = false } = {}) {
  const target = href(path, params);
  if (target === location.hash) return;
  if (replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new CustomEvent('synaps:replaced'));
  } else {
    location.hash = target;
  }
}

// Matches `path` against patterns such as "/documents/:id"; the first that fits wins.
export function match(routes, path) {
  for (const route of routes) {
    const names = [];
    const pattern = new RegExp(`^${route.path.replace(/:(\w+)/g, (whole, name) => {
      names.push(name);
      return '([^/]+)';
    })}/?$`);
    const found = pattern.exec(path);
    if (found) {
      const values = {};
      names.forEach((name, i) => { values[name] = decodeURIComponent(found[i + 1]); });
      return { route, values };
    }
  }
  return null;
}
