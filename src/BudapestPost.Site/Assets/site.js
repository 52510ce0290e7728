// Budapest Post: enhancements only; every page reads and every form works without this script.
(() => {
  "use strict";

  // Forms marked data-enhance post without a reload. The server's answer is the same page a browser without script
  // would show (a receipt, or the form with its errors); the element with the form's region id is swapped in.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    const region = form instanceof HTMLFormElement ? form.dataset.enhance : undefined;
    if (!region || form.dataset.busy) return;
    event.preventDefault();
    form.dataset.busy = "1";
    const button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: new URLSearchParams(new FormData(form)),
        headers: { Accept: "text/html" },
      });
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      const answer = page.getElementById(region);
      const current = document.getElementById(region);
      if (!answer || !current) throw new Error("no " + region + " in the answer");
      current.replaceWith(document.importNode(answer, true));
      const focus = document.getElementById(region).querySelector("[data-focus]");
      if (focus) focus.focus();
    } catch {
      // Let the browser post it as it would without script.
      delete form.dataset.busy;
      form.submit();
    }
  });

  // Title suggestions while typing in a search box (the API's /api/search/suggest), offered through its datalist.
  const list = document.getElementById("search-suggestions");
  let timer;
  let controller;
  document.addEventListener("input", (event) => {
    const input = event.target;
    if (!list || !(input instanceof HTMLInputElement) || input.getAttribute("list") !== list.id) return;
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) {
      list.replaceChildren();
      return;
    }
    timer = setTimeout(async () => {
      controller?.abort();
      controller = new AbortController();
      try {
        const response = await fetch("/api/search/suggest?q=" + encodeURIComponent(q), { signal: controller.signal });
        if (!response.ok) return;
        const { items } = await response.json();
        list.replaceChildren(...items.map((item) => Object.assign(document.createElement("option"), { value: item.title })));
      } catch {
        // Suggestions are a convenience: a failed request leaves the box as it is.
      }
    }, 150);
  });
})();
