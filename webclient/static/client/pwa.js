// Installs the app's service worker (repeat visits and the offline page), and remembers
// the language the app shows so the offline page can use it.
(() => {
  if ("serviceWorker" in navigator) {
    // After the page has loaded: the worker's own downloads never compete with the app's.
    window.addEventListener("load", () => {
      navigator.serviceWorker.register(new URL("sw.js", document.baseURI))
        .catch((error) => console.warn("service worker not installed:", error));
    });
  }
  // The app sets the page title in its language: the title names the language.
  const titles = JSON.parse(document.getElementById("app-titles").textContent);
  const remember = (lang) => {
    try { localStorage.setItem("app.lang", lang); } catch (e) { /* storage may be off */ }
  };
  const asked = new URLSearchParams(location.search).get("lang");
  if (asked && asked in titles) remember(asked);
  const title = document.querySelector("title");
  new MutationObserver(() => {
    for (const [lang, text] of Object.entries(titles)) {
      if (document.title === text) remember(lang);
    }
  }).observe(title, { childList: true, characterData: true, subtree: true });
})();
