// One step of DashboardAccessibilityIT's keyboard walk, run after each Tab press: is the
// element that now has focus drawn differently from when it has none, and does an outline
// stand out from what is around it (3:1, WCAG 1.4.11)? Returns null when nothing has focus,
// ['terminal', ...] inside a terminal (which keeps Tab for its shell), else [element, problem
// or ''].
var el = document.activeElement;
if (!el || el === document.body) {
	return null;
}
if (el.closest('.xterm')) {
	return ['terminal', 'keeps Tab'];
}
function sig(e) {
	var s = getComputedStyle(e);
	return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow].join('|');
}
function rgb(value) {
	var m = value.match(/rgba?\(([^)]+)\)/);
	if (!m) {
		return null;
	}
	var p = m[1].split(/[\s,\/]+/).filter(Boolean).map(Number);
	return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 };
}
function luminance(c) {
	function ch(v) {
		v = v / 255;
		return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
	}
	return 0.2126 * ch(c.r) + 0.7152 * ch(c.g) + 0.0722 * ch(c.b);
}
// the outline is drawn outside the element, so what it must stand out from is the first
// opaque background around it
function around(e) {
	for (var n = e.parentElement; n; n = n.parentElement) {
		var c = rgb(getComputedStyle(n).backgroundColor);
		if (c && c.a >= 1) {
			return c;
		}
	}
	return { r: 255, g: 255, b: 255, a: 1 };
}
var s = getComputedStyle(el);
var outlined = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
var drawn = outlined || s.boxShadow !== 'none';
var focused = sig(el);
var problem = '';
// (Chromium draws outline-style "auto" in two tones that show on any background)
if (outlined && s.outlineStyle !== 'auto' && s.boxShadow === 'none') {
	var ring = rgb(s.outlineColor);
	var bg = around(el);
	if (ring && ring.a >= 1) {
		var a = luminance(ring);
		var b = luminance(bg);
		var ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
		if (ratio < 3) {
			problem = 'focus outline ' + s.outlineColor + ' has contrast ' + ratio.toFixed(2) + ':1 < 3:1 against rgb('
					+ bg.r + ',' + bg.g + ',' + bg.b + ')';
		}
	}
}
el.blur();
var plain = sig(el);
el.focus({ preventScroll: true });
if (!drawn || focused === plain) {
	problem = 'no visible focus indicator (outline/box-shadow unchanged on focus: ' + plain + ')';
}
var name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + ' "'
		+ (el.innerText || el.value || el.getAttribute('aria-label') || '').trim().substring(0, 40) + '"';
return [name, problem];
