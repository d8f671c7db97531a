// The door scanner: a phone camera (BarcodeDetector where it exists, jsQR otherwise), a USB
// scanner typing into the focused field and pressing Enter, or a typed code. Each answer fills
// the screen green or red with the holder's name and ticket type and plays a sound.

import {h, replace} from '../dom.js';
import {t, dateTime, dateTimeSeconds, timeOnly, number, eventZone} from '../i18n.js';
import {get, post, del, ApiError} from '../api.js';
import {pageTitle, notice, errorText, toast} from '../ui.js';
import {staffEvents} from '../cache.js';
import {offlineScanner} from '../scanner/offline_scanner.js';
import {reasonText, deviceText} from '../scanner/offline_reports.js';
import {deviceLabel} from '../scanner/offline_sync.js';

const kEventKey = 'lanyard.scan.event';
// The staff's event list [{id, title, starts_at}], kept for a load with no network.
const kEventsKey = 'lanyard.scan.events';
const kSameCodeMs = 3000;
// A second Enter with the same typed code within this time is the same scan.
const kSameTypedMs = 1500;
const kScanIntervalMs = 150;
// How long a scan waits for the server before it is answered offline. A LAN answer takes
// milliseconds (p99 22 ms under the door-rush bench); a volunteer with a queue in front of them
// reads "no answer" after about two seconds and scans again or waves the person through, so the
// phone must decide by then: 2.5 s is rare enough to never fire on a working LAN (even a
// congested one) and short enough that one hung request costs the queue one short pause.
const kScanTimeoutMs = 2500;
// The event list and the count: small answers; past this the page goes on without them (the
// kept list, no count), so a hung server never keeps the scanner from starting.
const kListTimeoutMs = 5000;
// A failed counter refresh is asked again this soon (the poll runs every 20 s).
const kStatsRetryMs = 3000;
// An Undo is not urgent, but staff should hear within seconds that it needs the server.
const kUndoTimeoutMs = 8000;

// ---- sound -------------------------------------------------------------------------------
let audio = null;
function unlockAudio() {
  const Ctx = window.AudioContext || window.webkitAudioContext;
  if (!Ctx) return;
  if (!audio) audio = new Ctx();
  if (audio.state === 'suspended') audio.resume().catch(() => {});
}

function tone(freq, start, duration, type) {
  const osc = audio.createOscillator();
  const gain = audio.createGain();
  osc.type = type;
  osc.frequency.value = freq;
  gain.gain.setValueAtTime(0.0001, audio.currentTime + start);
  gain.gain.exponentialRampToValueAtTime(0.3, audio.currentTime + start + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + start + duration);
  osc.connect(gain).connect(audio.destination);
  osc.start(audio.currentTime + start);
  osc.stop(audio.currentTime + start + duration + 0.02);
}

// One high beep for a welcome, two low buzzes for a refusal.
function beep(ok) {
  try {
    unlockAudio();
    if (!audio) return;
    if (ok) tone(1320, 0, 0.15, 'sine');
    else { tone(220, 0, 0.18, 'square'); tone(220, 0.25, 0.18, 'square'); }
  } catch (e) {
    // Sound is a help, never a reason to fail a scan.
  }
  if (navigator.vibrate) navigator.vibrate(ok ? 80 : [120, 80, 120]);
}

// ---- QR decoding ---------------------------------------------------------------------------
let jsQrLoading = null;
function loadJsQr() {
  if (window.jsQR) return Promise.resolve(window.jsQR);
  if (!jsQrLoading) {
    jsQrLoading = new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/assets/vendor/jsQR.js';
      s.onload = () => (window.jsQR ? resolve(window.jsQR) : reject(new Error('jsQR missing')));
      s.onerror = () => { jsQrLoading = null; reject(new Error('jsQR failed to load')); };
      document.head.append(s);
    });
  }
  return jsQrLoading;
}

async function makeDecoder(video) {
  if ('BarcodeDetector' in window) {
    try {
      const formats = await window.BarcodeDetector.getSupportedFormats();
      if (formats.includes('qr_code')) {
        const detector = new window.BarcodeDetector({formats: ['qr_code']});
        return async () => {
          const codes = await detector.detect(video);
          return codes.length ? codes[0].rawValue : null;
        };
      }
    } catch (e) {
      // Fall through to jsQR.
    }
  }
  const jsQR = await loadJsQr();
  const canvas = document.createElement('canvas');
  const c2d = canvas.getContext('2d', {willReadFrequently: true});
  return async () => {
    const vw = video.videoWidth;
    const vh = video.videoHeight;
    if (!vw || !vh) return null;
    const scale = Math.min(1, 800 / Math.max(vw, vh));
    canvas.width = Math.round(vw * scale);
    canvas.height = Math.round(vh * scale);
    c2d.drawImage(video, 0, 0, canvas.width, canvas.height);
    const img = c2d.getImageData(0, 0, canvas.width, canvas.height);
    const found = jsQR(img.data, img.width, img.height, {inversionAttempts: 'attemptBoth'});
    return found && found.data ? found.data : null;
  };
}

// ---- the page --------------------------------------------------------------------------------

function typeName(value) {
  if (!value) return '';
  if (typeof value === 'string') return value;
  return value.name || '';
}

export async function scan(ctx) {
  const insecure = !window.isSecureContext;
  let eventId = ctx.query.get('event') || localStorage.getItem(kEventKey) || '';
  // Switched to a session (?session=ID): scans record attendance at that session's door.
  const sessionId = /^\d+$/.test(ctx.query.get('session') || '') ? ctx.query.get('session') : '';
  let sessionAdmitted = 0;
  // Door times (check-ins, scans) are the event's: shown in its zone (the site's when it has
  // none, or when the event is not in the list). `x` may carry the zone itself (a ticket's
  // event_time_zone).
  let knownEvents = [];
  const zoneFor = (id) => eventZone(knownEvents.find((ev) => String(ev.id) === String(id || eventId)));
  const zoneOf = (x) => (x && (x.time_zone || x.event_time_zone) ? eventZone(x) : zoneFor(x && x.event_id));
  let stream = null;
  let scanning = false;
  let lastCode = '';
  let lastCodeAt = 0;
  let busy = false;
  let overlayTimer = null;
  let statsTimer = null;
  let statsRetry = null;
  const recent = [];
  // Keeps scanning when the network drops: signature check, revocations, queued sync.
  const offline = offlineScanner(zoneFor);

  const counter = h('p', {class: 'scan-count', 'aria-live': 'polite'});
  const overlayCount = h('p', {class: 'scan-overlay-count'});
  const overlay = h('div', {class: 'scan-result', hidden: true, role: 'alert', 'aria-live': 'assertive'});
  const video = h('video', {class: 'scan-video', playsinline: true, muted: true, autoplay: true, 'aria-label': t('scan.camera_view')});
  video.muted = true;
  const cameraStatus = h('p', {class: 'hint', 'aria-live': 'polite'});
  // Shown while a scan's request is in flight (at most kScanTimeoutMs).
  const pending = h('p', {class: 'scan-pending', id: 'scan-pending', role: 'status', hidden: true},
    h('span', {class: 'spinner', 'aria-hidden': 'true'}), ' ', t('scan.checking'));
  const cameraBtn = h('button', {type: 'button', class: 'btn btn-primary', id: 'camera-toggle'}, t('scan.start_camera'));
  const recentList = h('ol', {class: 'recent-scans'});
  const codeInput = h('input', {
    id: 'scan-code', name: 'code', type: 'text', autocomplete: 'off', autocapitalize: 'off',
    spellcheck: 'false', autocorrect: 'off', enterkeyhint: 'go', class: 'scan-input',
    'aria-describedby': 'scan-code-hint',
  });
  const eventSelect = h('select', {id: 'scan-event', name: 'event'}, h('option', {value: ''}, t('scan.any_event')));
  const sessionLabel = h('strong', null, sessionId ? `#${sessionId}` : '');
  if (sessionId) {
    get(`/sessions/${sessionId}`).then((s) => { sessionLabel.textContent = s.title; }).catch(() => {});
  }

  const hideOverlay = () => {
    clearTimeout(overlayTimer);
    overlay.hidden = true;
    overlay.className = 'scan-result';
  };

  // The verdict fills the screen green (let in) or red (not admitted), online and offline alike;
  // `note` ({text, kind: 'signature' | 'typed'}) says how an offline answer was decided.
  const showResult = (ok, title, lines, note) => {
    clearTimeout(overlayTimer);
    overlay.className = `scan-result ${ok ? 'scan-ok' : 'scan-refused'}`;
    replace(overlay,
      h('div', {class: 'scan-result-inner'},
        h('div', {class: 'scan-icon', 'aria-hidden': 'true'}, ok ? '✓' : '✕'),
        h('p', {class: 'scan-title'}, title),
        lines.filter(Boolean).map((line, i) => h('p', {class: i === 0 ? 'scan-name' : 'scan-line'}, line)),
        note ? h('p', {class: `scan-note scan-note-${note.kind}`}, note.text) : null,
        overlayCount,
        h('p', {class: 'scan-dismiss'}, t('scan.tap_to_continue'))));
    overlay.hidden = false;
    beep(ok);
    overlayTimer = setTimeout(hideOverlay, ok ? 2500 : 6000);
  };

  // A typed order code: its tickets, to check in the one at the door by its reference. Online
  // the server's answer; offline (`offline`) this phone's list, which proves nothing by itself.
  const chooser = h('section', {class: 'section scan-choose', id: 'scan-choose', hidden: true, 'aria-live': 'polite'});
  const showChoice = (r, offline) => {
    const admissible = (tk) => tk.status === 'valid' && !tk.checked_in_at && !tk.in;
    const admit = (tk) => {
      closeChoice();
      check(tk.ref, 'typed');
    };
    const state = (tk) => (tk.status !== 'valid' ? h('p', {class: 'meta'}, t('scan.reason_ticket_void'))
      : tk.checked_in_at ? h('p', {class: 'meta'}, t('scan.first_scan', {time: dateTime(tk.checked_in_at, zoneOf(tk))}))
        : tk.in ? h('p', {class: 'meta'}, t('scan.reason_already_checked_in'))
          : h('button', {type: 'button', class: 'btn btn-primary', onclick: (e) => {
            e.stopPropagation();  // the card's own tap would admit a second time
            admit(tk);
          }}, t('scan.check')));
    const heading = h('h2', {tabindex: '-1', id: 'scan-choose-title'}, t('scan.choose_title', {code: r.order_code}));
    // Cancel beside the heading, so a long order's list never pushes it below the fold.
    replace(chooser,
      h('div', {class: 'scan-choose-head'}, heading,
        h('button', {type: 'button', class: 'btn', id: 'scan-choose-cancel', onclick: closeChoice}, t('scan.choose_cancel'))),
      offline ? h('p', {class: 'notice notice-warn scan-choose-offline'}, t('scan_offline.choose_offline')) : null,
      // A card that can be checked in is one big target (a thumb at the door finds the name
      // first); its button stays for the keyboard.
      h('ul', {class: 'cards'}, (r.tickets || []).map((tk) => h('li',
        admissible(tk) ? {class: 'card card-tappable', onclick: () => admit(tk)} : {class: 'card'},
        h('p', null, h('strong', {class: 'ticket-ref'}, tk.ref || '')),
        h('p', {class: 'choose-holder'}, tk.holder_name || ''),
        h('p', {class: 'meta'}, tk.ticket_type || ''),
        state(tk)))));
    chooser.hidden = false;
    // On a phone the list opens below the fold: bring it up and put the focus on its heading.
    chooser.scrollIntoView({block: 'start'});
    heading.focus({preventScroll: true});
  };
  // Cancel (or a pick): the list closes and the code field is ready for the next scan.
  function closeChoice() {
    chooser.hidden = true;
    codeInput.focus();
  }
  // This phone's list of an order's tickets (scanner/offline_door.js) in the server's shape.
  const offlineChoice = (c) => ({order_code: c.orderCode, tickets: c.tickets.map((tk) => ({
    ref: tk.ref, holder_name: tk.name, ticket_type: tk.type, status: tk.state === 'ticket_void' ? 'void' : 'valid',
    in: tk.state === 'already_checked_in'}))});

  // The zone a Recent-scans row is shown in: the one it was scanned in (kept with the row, so a
  // reload draws it the same before the event list is back), else its event's.
  const rowZone = (r) => r.zone || zoneFor(r.eventId);
  const addRecent = (entry) => {
    if (!entry.zone) entry.zone = zoneFor(entry.eventId);
    recent.unshift(entry);
    recent.length = Math.min(recent.length, 15);
    drawRecent();
    offline.saveRecent(recent);
  };
  // A scan admitted offline that the server refused at sync turns red; a ticket admitted before
  // (by another phone, or online) says when and where.
  offline.onRefusedAfterAdmit((nonce, answer) => {
    const r = recent.find((x) => x.nonce && x.nonce === nonce);
    if (!r) return;
    // What the server said is kept as data and put in words when drawn (in the page's language
    // then, with the phones' names as they are then).
    r.syncAnswer = {result: answer.result, first_checked_in_at: answer.first_checked_in_at || null,
      first_device_id: answer.first_device_id || null, first_device_label: answer.first_device_label || '',
      first_scanned_by: answer.first_scanned_by || '', earlier: !!answer.earlier_than_first};
    // Admitted here before the other phone: this admission stands (the other one is the
    // duplicate, as the lists say); the row stays green and names the later one.
    r.ok = r.syncAnswer.earlier;
    drawRecent();
    offline.saveRecent(recent);
  });
  // A queued scan the server answered: an admission keeps the check-in time the server recorded
  // (what an Undo of it names); the row is synced from now on.
  offline.onScanSynced((nonce, answer) => {
    const r = recent.find((x) => x.nonce && x.nonce === nonce);
    if (!r) return;
    r.synced = true;
    if (answer.result === 'ok' && answer.checked_in_at) {
      r.checkedInAt = answer.checked_in_at;
      if (answer.ticket) r.ticketId = answer.ticket.id;
    }
    offline.saveRecent(recent);
  });
  // Undo names the check-in it undoes (the checked_in_at this row saw): the server refuses it
  // (409 checkin_changed) once that check-in is undone or the ticket was checked in again. A
  // scan still queued on this phone is undone here (scanner/offline_store.js unqueueScan);
  // one that synced meanwhile is undone on the server like an online one.
  const undo = async (r) => {
    if (r.nonce && !r.synced) {
      const outcome = await offline.unqueue(r.nonce, r.eventId || eventId, r.ticketId);
      if (outcome !== 'gone') {
        r.undone = true;
        toast(t('scan.undone_queued', {name: r.name}));
        drawRecent();
        offline.saveRecent(recent);
        return;
      }
    }
    try {
      await del(`/checkins/${r.ticketId}?checked_in_at=${encodeURIComponent(r.checkedInAt || r.at)}`, {timeoutMs: kUndoTimeoutMs});
      r.undone = true;
      offline.undone(r.eventId || eventId, r.ticketId);
      toast(t('scan.undone', {name: r.name}));
      refreshStats();
    } catch (err) {
      if (!(err instanceof ApiError) || (err.code !== 'checkin_changed' && err.code !== 'not_checked_in')) {
        toast(err instanceof ApiError && (err.code === 'timeout' || err.code === 'network')
          ? t('scan.undo_needs_server') : errorText(err), 'error');
        return;
      }
      const b = err.body || {};
      if (err.code === 'checkin_changed' && b.first_checked_in_at && b.first_checked_in_at < (r.checkedInAt || r.at)) {
        // Another phone admitted the ticket earlier (synced after this one): this row was the
        // second admission, drawn as an offline duplicate is.
        r.syncAnswer = {result: 'duplicate_offline', first_checked_in_at: b.first_checked_in_at,
          first_device_id: b.first_device_id || null, first_device_label: b.first_device_label || '',
          first_scanned_by: b.first_scanned_by || '', earlier: false};
        r.ok = false;
        toast(t('scan.undo_not_first', {name: r.name, time: timeOnly(b.first_checked_in_at, rowZone(r))}), 'error');
        drawRecent();
        offline.saveRecent(recent);
        return;
      }
      r.changed = true;
      toast(t('scan.undo_changed', {name: r.name}), 'error');
    }
    drawRecent();
    offline.saveRecent(recent);
  };
  // Only the newest check-in row of a ticket offers Undo; an undone row says so, also after a
  // reload (the list is kept on the device with its undone/changed marks).
  function drawRecent() {
    const latest = new Set();
    replace(recentList, recent.map((r) => {
      const newest = r.ok && r.ticketId && !latest.has(r.ticketId);
      if (r.ok && r.ticketId) latest.add(r.ticketId);
      const state = r.undone ? h('span', {class: 'meta scan-undone'}, ` ${t('scan.undone_label')}`)
        : r.changed ? h('span', {class: 'meta scan-changed'}, ` ${t('scan.changed_label')}`)
          : newest ? h('button', {type: 'button', class: 'btn btn-small linklike', onclick: () => undo(r)}, t('scan.undo'))
            : null;
      const why = rowReason(r);
      return h('li', {class: r.ok ? 'ok' : 'refused'},
        h('span', {class: 'time'}, timeOnly(r.at, rowZone(r))), ' ',
        h('strong', null, r.ok ? '✓' : '✕'), ' ',
        r.name || '', r.type ? ` · ${r.type}` : '', why ? ` — ${why}` : '',
        state);
    }));
  }
  // Why a row is red (or what a green one should know), from the codes it keeps; rows saved
  // before codes were kept have their text (`reason`).
  function rowReason(r) {
    const a = r.syncAnswer;
    if (a && a.result === 'duplicate_offline' && a.first_checked_in_at) {
      const names = offline.deviceLabels();
      const own = offline.deviceId();
      const label = a.first_device_id === own ? deviceLabel() : names.get(a.first_device_id) || a.first_device_label;
      const params = {time: timeOnly(a.first_checked_in_at, rowZone(r)),
        device: deviceText(a.first_device_id, label, own, a.first_scanned_by)};
      return t(a.earlier ? 'scan_offline.admitted_again_later' : 'scan_offline.admitted_before', params);
    }
    if (a) return t('scan_offline.refused_after_admit', {reason: reasonText(a.result)});
    if (r.ok) return '';
    return r.reasonCode ? offline.reasonText(r.reasonCode) : r.reason || '';
  }

  // The server's figure for the door's event, and beside it what this phone admitted that has
  // not reached the server yet (an offline admission counts at once, not at the next sync).
  let serverCount = '';
  const showCount = () => {
    const waiting = offline.queued();
    counter.textContent = serverCount && waiting
      ? `${serverCount} · ${t('scan.count_waiting', {n: number(waiting)})}` : serverCount;
    overlayCount.textContent = counter.textContent;
  };
  offline.onQueueChange(() => { if (ctx.current && !sessionId) showCount(); });
  const refreshStats = async () => {
    if (sessionId) {
      counter.textContent = t('scan.session_count', {n: number(sessionAdmitted)});
      overlayCount.textContent = counter.textContent;
      return;
    }
    clearTimeout(statsRetry);
    if (!eventId) { serverCount = ''; showCount(); return; }
    const asked = eventId;
    try {
      const s = await get(`/events/${asked}/stats`, undefined, {timeoutMs: kListTimeoutMs});
      if (!ctx.current || asked !== eventId) return;
      serverCount = t('scan.count', {checked: number(s.checked_in || 0), sold: number(s.tickets_sold || 0)});
      showCount();
    } catch (err) {
      // The last figure stays (it is the best known); asked again soon rather than at the next poll.
      if (!ctx.current || asked !== eventId) return;
      statsRetry = setTimeout(refreshStats, kStatsRetryMs);
    }
  };
  // Scans synced (or any round that reached the server): the counter follows at once.
  offline.onRoundDone(() => { if (ctx.current) refreshStats(); });

  // One scan: online when the server answers within kScanTimeoutMs, else answered offline at
  // once (by signature or the typed reference, exactly the offline path) and queued under the
  // nonce its request carried, so that a late server answer never admits twice.
  const check = async (raw, source) => {
    const code = String(raw || '').trim();
    if (!code || busy) return;
    const now = Date.now();
    // A code held in front of the camera is read many times a second: it counts once for as
    // long as it stays in view (seen again within kSameCodeMs), not once per frame.
    if (source === 'camera' && code === lastCode && now - lastCodeAt < kSameCodeMs) {
      lastCodeAt = now;
      return;
    }
    // A double Enter (or a scanner that sends two) is one scan, not a second "already checked in".
    if (source === 'field' && code === lastCode && now - lastCodeAt < kSameTypedMs) return;
    lastCode = code;
    lastCodeAt = now;
    busy = true;
    const body = {code};
    if (eventId) body.event_id = Number(eventId);
    const answerOffline = async (sentNonce) => {
      const a = await offline.check(code, eventId, sentNonce, sentNonce ? body.scanned_at : null);
      if (a.choose) { showChoice(offlineChoice(a.choose), true); return; }
      chooser.hidden = true;
      showResult(a.ok, a.title, a.lines, a.note);
      overlay.classList.add('scan-offline');
      if (a.typed) overlay.classList.add('scan-typed');
      addRecent({ok: a.ok, at: a.at, name: a.name, type: a.type || '', reasonCode: a.reasonCode, nonce: a.nonce, typed: a.typed,
        ticketId: a.ok ? a.ticketId : null, eventId: a.eventId});
    };
    try {
      // A session's door needs the server: offline answers are for the event's door only.
      if (!sessionId && offline.isOffline()) { await answerOffline(null); return; }
      if (!sessionId) Object.assign(body, await offline.scanIdentity());
      pending.hidden = false;
      const r = sessionId ? await post(`/sessions/${sessionId}/checkin`, {code}, {timeoutMs: kScanTimeoutMs})
        : await post('/checkin', body, {timeoutMs: kScanTimeoutMs});
      pending.hidden = true;
      if (r.result === 'choose') { showChoice(r); return; }
      chooser.hidden = true;
      if (sessionId) sessionAdmitted += 1;
      const name = r.holder_name || (r.ticket && r.ticket.holder_name) || '';
      const type = typeName(r.ticket_type);
      showResult(true, t('scan.welcome'), [name, type, t('scan.checked_in_at', {time: timeOnly(r.checked_in_at, zoneOf(r.ticket))})]);
      addRecent({ok: true, at: r.checked_in_at || new Date().toISOString(), checkedInAt: r.checked_in_at, name, type,
        ticketId: !sessionId && r.ticket && r.ticket.id, eventId: r.ticket && r.ticket.event_id});
      if (!sessionId && r.ticket) offline.admitted(r.ticket.event_id, r.ticket.id, r.checked_in_at);
    } catch (err) {
      pending.hidden = true;
      // No answer from Lanyard itself: none in time, no connection, or a proxy in front of it
      // saying it cannot reach it (502, 503, 504).
      const unanswered = err instanceof ApiError && (err.code === 'timeout' || err.code === 'network' || [502, 503, 504].includes(err.status));
      if (!sessionId && unanswered) {
        // The request may have reached the server: the offline answer is queued under its nonce.
        offline.serverNotAnswering();
        await answerOffline(body.nonce || null);
        return;
      }
      const b = err instanceof ApiError ? err.body || {} : {};
      const name = b.holder_name || (b.ticket && b.ticket.holder_name) || '';
      const type = typeName(b.ticket_type);
      const reason = err instanceof ApiError ? reasonText(err.code) : errorText(err);
      const first = b.first_checked_in_at || (b.ticket && b.ticket.checked_in_at) || (err.fields && err.fields.first_checked_in_at);
      const lines = [name, type, reason];
      if (err.code === 'already_checked_in' && first) lines.push(t('scan.first_scan', {time: dateTimeSeconds(first, zoneOf(b.ticket || {event_id: eventId}))}));
      if (unanswered || (err instanceof ApiError && err.status >= 500)) lines.push(t('scan.try_again'));
      showResult(false, t('scan.refused'), lines.length > 1 && !name ? lines.slice(1) : lines);
      addRecent({ok: false, at: new Date().toISOString(), name, type,
        ...(err instanceof ApiError ? {reasonCode: err.code} : {reason})});
      if (err instanceof ApiError && err.status === 401) return;
    } finally {
      busy = false;
    }
    refreshStats();
  };

  // Camera loop: decode a frame every kScanIntervalMs.
  const stopCamera = () => {
    scanning = false;
    if (stream) stream.getTracks().forEach((tr) => tr.stop());
    stream = null;
    video.srcObject = null;
    video.hidden = true;
    cameraBtn.textContent = t('scan.start_camera');
    cameraBtn.setAttribute('aria-pressed', 'false');
  };

  const startCamera = async () => {
    unlockAudio();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      cameraStatus.textContent = insecure ? t('scan.camera_needs_https') : t('scan.camera_unsupported');
      return;
    }
    cameraStatus.textContent = t('scan.camera_starting');
    try {
      // Loose constraints: `exact` fails on devices (and fake cameras) that cannot honour it.
      stream = await navigator.mediaDevices.getUserMedia({video: {facingMode: 'environment'}, audio: false});
    } catch (err) {
      cameraStatus.textContent = t('scan.camera_failed', {reason: err.name || err.message});
      return;
    }
    if (!ctx.current) { stream.getTracks().forEach((tr) => tr.stop()); return; }
    video.srcObject = stream;
    video.hidden = false;
    try { await video.play(); } catch (e) { /* autoplay with muted video normally works */ }
    let decode;
    try {
      decode = await makeDecoder(video);
    } catch (err) {
      cameraStatus.textContent = t('scan.decoder_failed');
      stopCamera();
      return;
    }
    scanning = true;
    cameraBtn.textContent = t('scan.stop_camera');
    cameraBtn.setAttribute('aria-pressed', 'true');
    cameraStatus.textContent = t('scan.camera_on');
    // Frames are decoded while an answer is on screen too: a code still in view keeps counting as
    // seen (so it is not checked again when the answer closes), and the next person's code may
    // replace the answer straight away.
    const loop = async () => {
      if (!scanning || !ctx.current) return;
      if (!busy && video.readyState >= 2) {
        try {
          const value = await decode();
          if (value) await check(value, 'camera');
        } catch (e) {
          // A frame that fails to decode is just skipped.
        }
      }
      setTimeout(loop, kScanIntervalMs);
    };
    loop();
  };

  cameraBtn.addEventListener('click', () => (scanning ? stopCamera() : startCamera()));

  const codeForm = h('form', {class: 'scan-form', autocomplete: 'off'},
    h('label', {for: 'scan-code'}, t('scan.code_label')),
    h('div', {class: 'row'}, codeInput, h('button', {type: 'submit', class: 'btn btn-primary'}, t('scan.check'))),
    h('p', {class: 'hint', id: 'scan-code-hint'}, t('scan.code_hint'), ' ', t('scan.code_hint_typed')));
  codeForm.addEventListener('submit', (ev) => {
    ev.preventDefault();
    unlockAudio();
    const value = codeInput.value;
    codeInput.value = '';
    check(value, 'field');
    codeInput.focus();
  });
  // The next keystroke clears the last answer. A USB scanner types into the code field, which
  // keeps the focus, so its characters are not lost; any other key also brings focus back.
  const onKey = (ev) => {
    if (overlay.hidden || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    // The second Enter of a double Enter keeps the answer of the first (it is the same scan).
    if (ev.key === 'Enter' && codeInput.value.trim() === lastCode && Date.now() - lastCodeAt < kSameTypedMs) return;
    hideOverlay();
    if (document.activeElement !== codeInput && !scanning && ev.key.length === 1) codeInput.focus();
  };
  document.addEventListener('keydown', onKey, true);
  overlay.addEventListener('click', () => {
    hideOverlay();
    if (!scanning) codeInput.focus();
  });

  eventSelect.addEventListener('change', () => {
    eventId = eventSelect.value;
    if (eventId) localStorage.setItem(kEventKey, eventId); else localStorage.removeItem(kEventKey);
    offline.setEvent(eventId);
    refreshStats();
  });

  // Fills the Event box: the server's list when it answers (kept on the device), else the kept
  // list; the only event is chosen by itself, and the choice is kept too.
  async function loadEvents() {
    let events = [];
    // A server that does not answer must not keep the scanner from starting: the kept list.
    try { events = await staffEvents({timeoutMs: kListTimeoutMs}); } catch (err) { events = []; }
    if (events.length) {
      localStorage.setItem(kEventsKey, JSON.stringify(events.map((ev) => ({id: ev.id, title: ev.title, starts_at: ev.starts_at, time_zone: ev.time_zone || null}))));
    } else {
      try { events = JSON.parse(localStorage.getItem(kEventsKey) || '[]'); } catch (e) { events = []; }
    }
    if (!ctx.current) return;
    knownEvents = events;
    if (!eventId && events.length === 1) {
      eventId = String(events[0].id);
      localStorage.setItem(kEventKey, eventId);
    }
    replace(eventSelect, h('option', {value: ''}, t('scan.any_event')),
      events.map((ev) => h('option', {value: ev.id, selected: String(ev.id) === String(eventId)},
        `${ev.title} — ${dateTime(ev.starts_at, eventZone(ev))}`)));
    if (eventId && !events.some((ev) => String(ev.id) === String(eventId))) {
      eventSelect.append(h('option', {value: eventId, selected: true}, `#${eventId}`));
    }
    eventSelect.value = eventId;
  }

  ctx.onLeave(() => {
    document.removeEventListener('keydown', onKey, true);
    stopCamera();
    offline.stop();
    clearInterval(statsTimer);
    clearTimeout(statsRetry);
    clearTimeout(overlayTimer);
    overlay.remove();
  });

  replace(ctx.main, h('div', {class: 'scanner'},
    pageTitle(t('scan.title')),
    insecure ? notice('warn',
      h('strong', null, t('scan.https_title')), ' ', t('scan.https_text'), ' ',
      h('code', null, 'lanyard serve --tls auto'), ' ', t('scan.https_text2')) : null,
    sessionId ? h('div', {class: 'notice notice-info', id: 'scan-session'}, t('scan.session_mode'), ' ', sessionLabel, ' ',
      h('a', {href: '/staff/scan'}, t('scan.session_leave'))) : null,
    h('div', {class: 'field', hidden: !!sessionId}, h('label', {for: 'scan-event'}, t('scan.event')), eventSelect),
    counter,
    offline.el,
    codeForm,
    pending,
    chooser,
    h('section', {class: 'camera'}, h('div', {class: 'row'}, cameraBtn), cameraStatus, video),
    h('section', {class: 'section'}, h('h2', null, t('scan.recent')), recentList),
    offline.duplicatesEl,
    h('p', null, h('a', {href: '/staff/lookup'}, t('scan.lookup_link')))));
  video.hidden = true;
  document.body.append(overlay);
  codeInput.focus();

  recent.push(...(await offline.recent()).slice(0, 15));
  drawRecent();
  await loadEvents();
  if (!ctx.current) return;
  // Rows kept from before the zone was kept with them read their event's zone: now known; so
  // does the status box's last sync.
  drawRecent();
  offline.redrawStatus();
  // The list (and the titles) come back with the network.
  const onOnline = () => { loadEvents().then(() => ctx.current && offline.setEvent(eventId)); };
  window.addEventListener('online', onOnline);
  ctx.onLeave(() => window.removeEventListener('online', onOnline));
  offline.start(eventId);
  refreshStats();
  statsTimer = setInterval(refreshStats, 20000);
  if (ctx.query.get('camera') === '1') startCamera();
}

