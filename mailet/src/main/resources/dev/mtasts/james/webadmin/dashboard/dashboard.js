/*
 * The MTA-STS dashboard: fetches dashboard/data and plots it with uPlot. Every value from the data is put in
 * the page as text (textContent, attribute values), never as HTML: report content is remote-controlled.
 */
(function () {
  'use strict';

  var COLORS = {
    'success': '#2e7d32',
    'starttls-not-supported': '#c62828',
    'certificate-host-mismatch': '#ef6c00',
    'certificate-expired': '#f9a825',
    'certificate-not-trusted': '#8e24aa',
    'validation-failure': '#d81b60',
    'tlsa-invalid': '#5d4037',
    'dnssec-invalid': '#455a64',
    'dane-required': '#283593',
    'sts-policy-fetch-error': '#1e88e5',
    'sts-policy-invalid': '#00897b',
    'sts-webpki-invalid': '#6d4c41',
    'untyped': '#9e9e9e'
  };
  var SPARE = ['#7cb342', '#f4511e', '#3949ab', '#00acc1', '#c0ca33'];
  var plots = [];

  function color(result) {
    if (COLORS[result]) {
      return COLORS[result];
    }
    var hash = 0;
    for (var i = 0; i < result.length; i++) {
      hash = (hash * 31 + result.charCodeAt(i)) | 0;
    }
    return SPARE[Math.abs(hash) % SPARE.length];
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function number(n) {
    return Number(n).toLocaleString('en-US');
  }

  function checkLink(path, domain) {
    // path is "/mta-sts/check/<domain>" from the server; the page lives at /mta-sts/dashboard.
    var link = el('a', 'check', 'Run a fresh check of ' + domain);
    link.href = 'check/' + encodeURIComponent(domain);
    link.title = 'GET ' + path + ': the check walk, as JSON';
    return link;
  }

  function chips(failures) {
    var span = el('span');
    Object.keys(failures).forEach(function (type) {
      var chip = el('span', 'chip', type + ': ' + number(failures[type]));
      chip.style.borderLeftColor = color(type);
      span.appendChild(chip);
    });
    if (!span.childNodes.length) {
      span.appendChild(el('span', 'good', 'none'));
    }
    return span;
  }

  function table(headers, rows) {
    var t = el('table', 'list');
    var head = el('tr');
    headers.forEach(function (h) {
      head.appendChild(el('th', h.num ? 'num' : '', h.label));
    });
    t.appendChild(el('thead')).appendChild(head);
    var body = t.appendChild(el('tbody'));
    rows.forEach(function (cells) {
      var tr = body.appendChild(el('tr'));
      cells.forEach(function (cell, i) {
        var td = tr.appendChild(el('td', headers[i].num ? 'num' : ''));
        if (cell instanceof Node) {
          td.appendChild(cell);
        } else {
          td.textContent = cell === undefined || cell === null ? '' : String(cell);
        }
      });
    });
    return t;
  }

  function plot(container, days, series, title) {
    container.textContent = '';
    if (!series.length) {
      container.appendChild(el('p', 'empty', 'No sessions in these days.'));
      return;
    }
    var hasOk = series.some(function (s) { return s.result === 'success'; });
    var hasFailed = series.some(function (s) { return s.result !== 'success'; });
    var data = [days.map(function (d) { return Date.parse(d + 'T00:00:00Z') / 1000; })];
    var axes = [{}];
    if (hasOk) {
      axes.push({ scale: 'ok', label: 'successful sessions', stroke: COLORS.success });
    }
    if (hasFailed) {
      axes.push({ scale: 'failed', label: 'failed sessions', side: hasOk ? 1 : 3, stroke: '#c62828',
        grid: { show: !hasOk } });
    }
    var options = {
      title: title,
      width: Math.max(320, container.clientWidth || 800),
      height: 260,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); },
      scales: { x: { time: true }, ok: { range: [0, null] }, failed: { range: [0, null] } },
      axes: axes,
      series: [{ label: 'UTC day', value: function (u, v) { return v == null ? '' : new Date(v * 1000).toISOString().slice(0, 10); } }]
    };
    series.forEach(function (s) {
      var ok = s.result === 'success';
      options.series.push({
        label: s.result,
        scale: ok ? 'ok' : 'failed',
        stroke: color(s.result),
        fill: ok ? 'rgba(46,125,50,0.10)' : undefined,
        width: ok ? 2 : 1.5,
        dash: ok ? undefined : [6, 3],
        points: { show: true, size: 5 }
      });
      data.push(s.values);
    });
    plots.push({ plot: new uPlot(options, data, container), container: container });
  }

  function outbound(data) {
    plot(document.getElementById('outbound-all'), data.days, data.outbound.all, 'Sessions per day, by result');
    var domains = data.outbound.domains;
    var top = document.getElementById('outbound-top');
    var select = document.getElementById('outbound-domain');
    if (!domains.length) {
      top.appendChild(el('p', 'empty', 'No deliveries recorded in these days.'));
      select.disabled = true;
      return;
    }
    top.appendChild(table(
      [{ label: 'Recipient domain' }, { label: 'Successful', num: true }, { label: 'Failed', num: true },
        { label: 'Failures by result type' }, { label: '' }],
      domains.map(function (d) {
        return [d.domain, number(d.successful_sessions), number(d.failed_sessions), chips(d.failures),
          checkLink(d.check, d.domain)];
      })));
    domains.forEach(function (d, i) {
      var option = el('option', '', d.domain);
      option.value = String(i);
      select.appendChild(option);
    });
    var show = function () {
      var d = domains[Number(select.value)];
      plot(document.getElementById('outbound-one'), data.days, d.series, d.domain);
    };
    select.addEventListener('change', show);
    show();
  }

  function inbound(data) {
    var status = document.getElementById('inbound-status');
    status.textContent = number(data.inbound.set_aside) + ' report mail(s) kept aside unreadable, '
      + number(data.inbound.duplicates) + ' duplicate(s) dropped.';
    var box = document.getElementById('inbound-domains');
    if (!data.inbound.domains.length) {
      box.appendChild(el('p', 'empty', 'No TLS reports received about our domains in these days.'));
      return;
    }
    data.inbound.domains.forEach(function (d) {
      var card = box.appendChild(el('div', 'card domain-card'));
      card.setAttribute('data-domain', d.domain);
      var head = card.appendChild(el('div', 'head'));
      head.appendChild(el('h3', '', d.domain));
      head.appendChild(checkLink(d.check, d.domain));
      var line = card.appendChild(el('p'));
      line.appendChild(el('span', 'good', number(d.successful_sessions) + ' successful'));
      line.appendChild(document.createTextNode(', '));
      line.appendChild(el('span', d.failed_sessions > 0 ? 'bad' : '', number(d.failed_sessions) + ' failed'));
      line.appendChild(document.createTextNode(' sessions reported. '));
      line.appendChild(chips(d.failures));
      plot(card.appendChild(el('div', 'plot')), data.days, d.series, 'Reported sessions per day, by result');
      if (d.details.length) {
        card.appendChild(el('h3', '', 'Latest failure details'));
        card.appendChild(table(
          [{ label: 'Day' }, { label: 'Reporter' }, { label: 'Result type' }, { label: 'Sessions', num: true },
            { label: 'Receiving MX' }, { label: 'Reason' }],
          d.details.map(function (f) {
            return [f.day, f.reporter, f.result_type, number(f.failed_sessions),
              f.receiving_mx_hostname || f.receiving_ip || '', f.failure_reason_code || ''];
          })));
      }
    });
  }

  function start() {
    var days = new URLSearchParams(window.location.search).get('days') || '30';
    document.querySelectorAll('header nav a').forEach(function (a) {
      if (a.getAttribute('href') === 'dashboard?days=' + days) {
        a.className = 'current';
      }
    });
    fetch('dashboard/data?days=' + encodeURIComponent(days), { credentials: 'same-origin' })
      .then(function (response) {
        if (!response.ok) {
          throw new Error('dashboard/data answered ' + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        document.getElementById('range').textContent = 'UTC days ' + data.from + ' to ' + data.to;
        outbound(data);
        inbound(data);
        document.body.setAttribute('data-ready', 'true');
      })
      .catch(function (error) {
        document.getElementById('range').textContent = 'The data could not be loaded: ' + error.message;
        document.body.setAttribute('data-ready', 'error');
      });
    window.addEventListener('resize', function () {
      plots.forEach(function (p) {
        p.plot.setSize({ width: Math.max(320, p.container.clientWidth), height: 260 });
      });
    });
  }

  start();
}());
