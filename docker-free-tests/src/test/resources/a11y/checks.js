// Generic accessibility checks run inside a dashboard page by DashboardAccessibilityIT.
// Written for this project (no third-party rules engine): each check walks the live DOM
// and computed styles and reports "element: problem" lines, so a failure names what to fix.
// arguments[0] = the phone's width in CSS pixels, or 0 on a larger screen (then horizontal
// overflow is not checked). It is passed in because a phone browser widens window.innerWidth
// to fit a too-wide page, which would hide the very overflow looked for.
var phoneWidth = arguments[0];
var problems = [];

function describe(el) {
	var d = el.tagName.toLowerCase();
	if (el.id) {
		d += '#' + el.id;
	}
	if (typeof el.className === 'string' && el.className.trim()) {
		d += '.' + el.className.trim().split(/\s+/).join('.');
	}
	var text = (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().replace(/\s+/g, ' ');
	if (text) {
		d += ' "' + text.substring(0, 40) + '"';
	}
	return '<' + d + '>';
}

function report(el, problem) {
	problems.push(describe(el) + ': ' + problem);
}

function visible(el) {
	if (!el.getClientRects().length) {
		return false;
	}
	var style = getComputedStyle(el);
	return style.visibility !== 'hidden' && style.display !== 'none';
}

function textOf(el) {
	return (el.innerText || el.textContent || '').trim();
}

function labelledByText(el) {
	var ids = (el.getAttribute('aria-labelledby') || '').trim();
	if (!ids) {
		return '';
	}
	return ids.split(/\s+/).map(function (id) {
		var ref = document.getElementById(id);
		return ref ? (ref.textContent || '').trim() : '';
	}).join(' ').trim();
}

function imageAltText(el) {
	return Array.prototype.map.call(el.querySelectorAll('img[alt]'), function (img) {
		return img.getAttribute('alt');
	}).join(' ').trim();
}

// The accessible name of a form control: aria-labelledby, aria-label, <label for>, or a
// wrapping <label>. A placeholder is not a name (it disappears on input).
function controlName(el) {
	var name = labelledByText(el) || (el.getAttribute('aria-label') || '').trim();
	if (name) {
		return name;
	}
	if (el.labels && el.labels.length) {
		return Array.prototype.map.call(el.labels, textOf).join(' ').trim();
	}
	if (el.type === 'submit' || el.type === 'button' || el.type === 'reset') {
		return (el.value || '').trim();
	}
	return '';
}

// The accessible name of a button or link: aria-labelledby, aria-label, its text, the alt
// text of images inside it, or its title.
function actionName(el) {
	return labelledByText(el) || (el.getAttribute('aria-label') || '').trim() || textOf(el) || imageAltText(el)
			|| (el.getAttribute('title') || '').trim() || (el.value || '').trim();
}

// --- document ---
if (!(document.documentElement.getAttribute('lang') || '').trim()) {
	problems.push('<html>: no lang attribute');
}
if (!document.title.trim()) {
	problems.push('<title>: empty page title');
}
var viewport = document.querySelector('meta[name=viewport]');
if (!viewport || !/width=device-width/.test(viewport.getAttribute('content') || '')) {
	problems.push('<head>: no <meta name=viewport content="width=device-width">, so a phone shows a shrunken desktop page');
}
var seen = {};
document.querySelectorAll('[id]').forEach(function (el) {
	if (seen[el.id]) {
		report(el, 'duplicate id "' + el.id + '"');
	}
	seen[el.id] = true;
});

// --- the navigation marks where the page is ---
var section = null;
document.querySelectorAll('.site-nav a[href]').forEach(function (link) {
	var here = window.location.pathname;
	if ((here === link.pathname || here.indexOf(link.pathname.replace(/\/$/, '') + '/') === 0)
			&& (!section || link.pathname.length > section.pathname.length)) {
		section = link;
	}
});
if (section && section.getAttribute('aria-current') !== 'page') {
	report(section, 'the navigation link of the current section lacks aria-current="page"');
}

// --- headings ---
var headings = Array.prototype.filter.call(document.querySelectorAll('h1,h2,h3,h4,h5,h6'), visible);
var h1s = headings.filter(function (h) {
	return h.tagName === 'H1';
});
if (h1s.length !== 1) {
	problems.push('page: ' + h1s.length + ' visible h1 elements, expected exactly one');
}
var previous = 0;
headings.forEach(function (h) {
	var level = Number(h.tagName.substring(1));
	if (level > previous + 1) {
		report(h, 'heading level h' + level + ' skips from h' + previous);
	}
	if (!textOf(h)) {
		report(h, 'empty heading');
	}
	previous = level;
});

// --- form controls ---
document.querySelectorAll('input, select, textarea').forEach(function (el) {
	if (el.type === 'hidden' || !visible(el)) {
		return;
	}
	if (!controlName(el)) {
		report(el, 'form control without a label (label[for], wrapping label, aria-label or aria-labelledby)');
	}
});

// --- buttons and links ---
document.querySelectorAll('a[href], button, [role=button], [role=tab], [role=link]').forEach(function (el) {
	if (!visible(el)) {
		return;
	}
	if (!actionName(el)) {
		report(el, 'button or link without an accessible name');
	}
});
document.querySelectorAll('[aria-labelledby]').forEach(function (el) {
	el.getAttribute('aria-labelledby').trim().split(/\s+/).forEach(function (id) {
		if (!document.getElementById(id)) {
			report(el, 'aria-labelledby points at missing id "' + id + '"');
		}
	});
});
document.querySelectorAll('[aria-controls], [aria-describedby]').forEach(function (el) {
	((el.getAttribute('aria-controls') || '') + ' ' + (el.getAttribute('aria-describedby') || '')).trim()
		.split(/\s+/).forEach(function (id) {
			if (id && !document.getElementById(id)) {
				report(el, 'aria-controls/aria-describedby points at missing id "' + id + '"');
			}
		});
});

// --- images ---
document.querySelectorAll('img, [role=img]').forEach(function (el) {
	if (el.tagName === 'IMG' ? !el.hasAttribute('alt') : !actionName(el)) {
		report(el, 'image without alt text (use alt="" when it is decorative)');
	}
});

// --- colour contrast ---
function parseColour(value) {
	var m = value.match(/rgba?\(([^)]+)\)/);
	if (!m) {
		return null;
	}
	var parts = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
	return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
}

function blend(top, bottom) {
	var a = top.a;
	return { r: top.r * a + bottom.r * (1 - a), g: top.g * a + bottom.g * (1 - a), b: top.b * a + bottom.b * (1 - a), a: 1 };
}

// The colour behind an element: its own and its ancestors' background colours, blended from
// the first opaque one down. Null when an image or gradient is in the way (not computable).
function backgroundOf(el) {
	var layers = [];
	for (var node = el; node && node.nodeType === 1; node = node.parentElement) {
		var style = getComputedStyle(node);
		if (style.backgroundImage && style.backgroundImage !== 'none') {
			return null;
		}
		var colour = parseColour(style.backgroundColor);
		if (colour && colour.a > 0) {
			layers.push(colour);
			if (colour.a >= 1) {
				break;
			}
		}
	}
	var result = { r: 255, g: 255, b: 255, a: 1 };
	for (var i = layers.length - 1; i >= 0; i--) {
		result = blend(layers[i], result);
	}
	return result;
}

function luminance(c) {
	function channel(v) {
		v = v / 255;
		return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

function contrast(a, b) {
	var la = luminance(a);
	var lb = luminance(b);
	return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function ownText(el) {
	if (el.matches('input:not([type=checkbox]):not([type=radio]):not([type=range]):not([type=file]), select, textarea')) {
		return el.value || el.placeholder || '';
	}
	var text = '';
	el.childNodes.forEach(function (n) {
		if (n.nodeType === 3) {
			text += n.nodeValue;
		}
	});
	return text.trim();
}

var contrastFailures = 0;
document.querySelectorAll('body *').forEach(function (el) {
	if (!ownText(el) || !visible(el) || el.closest('[disabled], [aria-disabled=true], script, style, noscript, option')) {
		return;
	}
	var style = getComputedStyle(el);
	if (Number(style.opacity) === 0) {
		return;
	}
	var rect = el.getBoundingClientRect();
	if (rect.width < 1 || rect.height < 1) {
		return; // visually hidden text (e.g. a skip link off screen) is read, not seen
	}
	var background = backgroundOf(el);
	// an empty field shows its placeholder, which has its own colour
	var placeholder = el.matches('input, textarea') && !el.value && el.placeholder;
	var fg = parseColour(placeholder ? getComputedStyle(el, '::placeholder').color : style.color);
	if (!background || !fg) {
		return;
	}
	var shown = fg.a < 1 ? blend(fg, background) : fg;
	var size = parseFloat(style.fontSize);
	var large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
	var needed = large ? 3 : 4.5;
	var ratio = contrast(shown, background);
	if (ratio < needed && contrastFailures++ < 25) {
		report(el, 'text contrast ' + ratio.toFixed(2) + ':1 < ' + needed + ':1 (' + style.color + ' on rgb('
				+ Math.round(background.r) + ',' + Math.round(background.g) + ',' + Math.round(background.b) + '))');
	}
});

// --- destructive actions ask first ---
var destructive = /\b(delete|remove|prune|revoke|purge|destroy)\b|\/(delete|remove|prune|revoke)\b/i;
document.querySelectorAll('form, [hx-post], [hx-delete], [data-hx-post], [data-hx-delete]').forEach(function (el) {
	if (!visible(el)) {
		return;
	}
	var target = el.getAttribute('hx-post') || el.getAttribute('hx-delete') || el.getAttribute('data-hx-post')
			|| el.getAttribute('data-hx-delete') || (el.tagName === 'FORM' ? el.getAttribute('action') || '' : '');
	var label = el.tagName === 'FORM' ? '' : textOf(el);
	if (el.tagName === 'FORM' && el.querySelector('[hx-post], [hx-delete]')) {
		return; // its buttons are checked one by one
	}
	if (!destructive.test(target) && !destructive.test(label)) {
		return;
	}
	var asks = el.closest('[hx-confirm], [data-hx-confirm], [data-confirm]')
			|| (el.tagName === 'FORM' && el.querySelector('[hx-confirm], [data-confirm]'));
	if (!asks) {
		report(el, 'destructive action (' + (target || label) + ') without hx-confirm or a confirm step');
	}
});

// --- errors next to their form: a form's declared error area exists ---
document.querySelectorAll('[data-errors]').forEach(function (el) {
	var selector = el.getAttribute('data-errors');
	if (!document.querySelector(selector)) {
		report(el, 'data-errors points at missing element ' + selector);
	}
});

// --- tables scroll inside their own wrapper ---
// (a table a script draws inside a box that already clips or scrolls, like a chart legend,
// cannot widen the page either)
function scrollsOrClips(el) {
	for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
		var ox = getComputedStyle(p).overflowX;
		if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
			return true;
		}
	}
	return false;
}
document.querySelectorAll('table').forEach(function (table) {
	if (visible(table) && !table.closest('.table-wrap') && !scrollsOrClips(table)) {
		report(table, 'table not inside a .table-wrap (wide tables must scroll on their own, not the page)');
	}
});

// --- no horizontal page overflow on a phone ---
if (phoneWidth) {
	var width = Math.min(window.innerWidth, phoneWidth);
	if (document.documentElement.scrollWidth > width + 1) {
		problems.push('page: scrollWidth ' + document.documentElement.scrollWidth + ' > window width ' + width);
		var reported = 0;
		document.querySelectorAll('body *').forEach(function (el) {
			if (reported >= 10 || !visible(el)) {
				return;
			}
			var right = el.getBoundingClientRect().right + window.scrollX;
			if (right <= width + 1) {
				return;
			}
			// report only the outermost culprit, not every descendant; anything inside a
			// scrolling box is fine
			for (var p = el.parentElement; p && p !== document.body; p = p.parentElement) {
				var ox = getComputedStyle(p).overflowX;
				if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') {
					return;
				}
				if (p.getBoundingClientRect().right + window.scrollX > width + 1) {
					return;
				}
			}
			reported++;
			report(el, 'reaches ' + Math.round(right) + 'px, past the ' + width + 'px window');
		});
	}
}
return problems;
