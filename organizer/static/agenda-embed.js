/* For other websites: <div data-organizer-agenda="https://…/agenda/embed"> becomes a frame showing
   the agenda, as tall as the agenda (the frame says its height with postMessage; only messages from
   that frame and its origin are believed). Without JavaScript the div's link stays. */
(function () {
    "use strict";
    var frames = [];
    function mount(holder) {
        var src = holder.getAttribute("data-organizer-agenda");
        if (!src || holder.getAttribute("data-organizer-mounted")) { return; }
        var url;
        try { url = new URL(src, document.baseURI); } catch (e) { return; }
        if (url.protocol !== "https:" && url.protocol !== "http:") { return; }
        var frame = document.createElement("iframe");
        frame.src = url.href;
        frame.title = holder.getAttribute("data-title") || "Agenda";
        frame.setAttribute("loading", "lazy");
        frame.style.width = "100%";
        frame.style.border = "0";
        frame.style.display = "block";
        frame.height = "600";
        holder.setAttribute("data-organizer-mounted", "1");
        holder.textContent = "";
        holder.appendChild(frame);
        frames.push({frame: frame, origin: url.origin});
    }
    window.addEventListener("message", function (event) {
        var data = event.data;
        if (!data || data.type !== "organizer-agenda-height" || typeof data.height !== "number") { return; }
        frames.forEach(function (item) {
            if (event.source === item.frame.contentWindow && event.origin === item.origin) {
                item.frame.style.height = Math.max(80, Math.min(Math.round(data.height), 200000)) + "px";
            }
        });
    });
    function mountAll() {
        Array.prototype.forEach.call(document.querySelectorAll("[data-organizer-agenda]"), mount);
    }
    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", mountAll);
    } else {
        mountAll();
    }
}());
