// Strategy picker of the new-operation page. Without this script the page works the same through "Refresh parameters";
// with it, a column's parameter inputs follow its strategy at once (copied from the page's inert templates, and put back
// as they were when the requester returns to a strategy), and the read-only YAML says it is out of date until refreshed.
(() => {
  'use strict';
  const summary = document.getElementById('error-summary');
  if (summary) summary.focus();
  const stale = document.getElementById('op-config-stale');
  const setAside = new Map();
  const rename = (element, index) => {
    for (const attribute of ['id', 'name', 'for', 'aria-describedby']) {
      const value = element.getAttribute(attribute);
      if (value && value.includes('__INDEX__')) element.setAttribute(attribute, value.replaceAll('__INDEX__', index));
    }
  };
  for (const select of document.querySelectorAll('select.picker-strategy')) {
    select.addEventListener('change', () => {
      const index = select.dataset.index;
      const box = document.getElementById(`col-${index}-params`);
      const before = box.dataset.strategy;
      const inputs = document.createDocumentFragment();
      while (box.firstChild) inputs.appendChild(box.firstChild);
      if (before) setAside.set(`${index}:${before}`, inputs);
      const now = select.value === 'keep' ? '' : select.value;
      box.dataset.strategy = now;
      const kept = setAside.get(`${index}:${now}`);
      if (kept) {
        setAside.delete(`${index}:${now}`);
        box.appendChild(kept);
      } else {
        const template = now && document.getElementById(`params-${now}`);
        if (template) {
          const copy = template.content.cloneNode(true);
          for (const element of copy.querySelectorAll('*')) {
            rename(element, index);
            if (element.classList.contains('param-column')) element.textContent = `${select.dataset.column} `;
          }
          box.appendChild(copy);
        }
      }
      if (stale) stale.hidden = false;
    });
  }
})();
