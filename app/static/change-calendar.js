// The change calendar: FullCalendar's month, week and list views over /changes/calendar/events, and the timeline's
// bars placed from their data attributes (styles set through the DOM: the Content-Security-Policy allows no
// style attributes in the page).
(function () {
  "use strict";

  function startCalendar(element) {
    var calendar = new FullCalendar.Calendar(element, {
      locale: element.dataset.locale,
      initialView: "dayGridMonth",
      firstDay: 1,
      height: "auto",
      nowIndicator: true,
      dayMaxEvents: 4,
      headerToolbar: { left: "prev,next today", center: "title", right: "dayGridMonth,timeGridWeek,listMonth" },
      buttonText: element.dataset.locale === "zh-cn" ? undefined : {
        today: element.dataset.todayLabel, month: element.dataset.monthLabel,
        week: element.dataset.weekLabel, list: element.dataset.listLabel
      },
      events: element.dataset.events,
      eventTimeFormat: { hour: "2-digit", minute: "2-digit", hour12: false }
    });
    calendar.render();
  }

  function placeBars() {
    document.querySelectorAll(".timeline-bar[data-left]").forEach(function (bar) {
      bar.style.left = bar.dataset.left + "%";
      bar.style.width = bar.dataset.width + "%";
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("change-calendar");
    if (element && window.FullCalendar) {
      startCalendar(element);
    }
    placeBars();
  });
})();
