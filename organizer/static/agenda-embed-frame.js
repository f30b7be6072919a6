/* Inside the embedded agenda: tell the page around it how tall the agenda is, so the small script
   on that page (agenda-embed.js) can fit the frame. Only a number is sent. */
(function () {
    "use strict";
    if (window.parent === window) { return; }
    var last = 0;
    function send() {
        var height = Math.ceil(document.documentElement.getBoundingClientRect().height);
        if (height !== last) {
            last = height;
            window.parent.postMessage({type: "organizer-agenda-height", height: height}, "*");
        }
    }
    window.addEventListener("load", send);
    window.addEventListener("resize", send);
    if (window.ResizeObserver) { new window.ResizeObserver(send).observe(document.body); }
    send();
}());
