// lightning/platformResourceLoader: loads a static resource's script or style sheet once
// per page, however many components ask for it, and resolves when it has loaded.
const loads = new Map();

function load(url, create) {
  if (!loads.has(url)) {
    loads.set(
      url,
      new Promise((resolve, reject) => {
        const element = create();
        element.addEventListener('load', () => resolve(undefined));
        element.addEventListener('error', () => {
          loads.delete(url);
          reject(new Error(`Could not load ${url}`));
        });
        document.head.appendChild(element);
      })
    );
  }
  return loads.get(url);
}

export function loadScript(component, url) {
  return load(url, () => {
    const script = document.createElement('script');
    script.src = url;
    script.charset = 'utf-8';
    script.type = 'text/javascript';
    return script;
  });
}

export function loadStyle(component, url) {
  return load(url, () => {
    const link = document.createElement('link');
    link.rel = 'stylesheet';
    link.type = 'text/css';
    link.href = url;
    return link;
  });
}
