/** Interface strings in English and Chinese, and the names of ports, directions and categories. */

const STRINGS = {
  en: {
    skip: 'Skip to content', title: 'Border crossings', views: 'Views', overview: 'Overview', port: 'Port', staffing: 'Staffing',
    apiKey: 'API key', keyLabel: 'API key (kept in this browser tab only)', save: 'Save', forget: 'Forget key',
    keySaved: 'Key saved for this tab.', keyNone: 'No key: reading works if the server is open.',
    localMode: 'Local mode', localModeTitle: 'No API keys are set and the server listens only on this machine: every action, downloads included, works without a key.',
    openMode: 'Open mode', openModeTitle: 'No API keys are set and the server was opened on purpose (CROSSINGS_OPEN=1): every action works without a key.',
    keyLocal: 'Local mode: no key needed.',
    downloadsNeedManager: (role) => role ? `Your key has the ${role} role; downloads need a manager (or admin) key. Enter one under API key.` : 'Downloads need a manager (or admin) key. Enter one under API key.',
    loading: 'Loading…', retry: 'Retry',
    needKey: 'This server needs an API key. Enter it above (it is kept in this tab only).',
    badKey: 'The API key was refused. Check it and enter it again.',
    needRole: (role) => `Your key does not have the ${role} role needed for this. Ask an administrator for a ${role} key.`,
    networkError: 'The server could not be reached. Check that it is running, then retry.',
    chartLibMissing: 'The chart library (vendor/vega*.min.js) did not load: reload the page.',
    overviewTitle: 'All control points, next 8 weeks', arrivals: 'Arrivals', departures: 'Departures', total: 'Total',
    peakDays: 'Peak days', nextWeeks: (from, to) => `Forecast ${from} to ${to}`,
    totalsTitle: 'Expected travellers per direction', controlPoint: 'Control point',
    peakPeriodsAll: 'Coming peak periods', noPeaks: 'No peak periods in this range.',
    portLabel: 'Control point', direction: 'Direction', category: 'Travellers',
    forecastTitle: 'Forecast over the last 12 weeks', peaksTitle: 'Peak periods', weekdayTitle: 'Weekday profile',
    accuracyTitle: 'Accuracy of past forecasts', noAccuracy: 'No backtests for this series yet (run `crossings backtest`).',
    from: 'From', to: 'To', days: 'Days', peakDay: 'Peak day', peakValue: 'Peak travellers', overThreshold: 'Above threshold',
    cause: 'Cause', noHoliday: 'No holiday (weekly pattern)',
    model: 'Model', windows: 'Windows', mase: 'MASE', wape: 'WAPE %', cov80: '80% interval held', cov95: '95% interval held',
    actual: 'Actual', forecastMean: 'Forecast', cutoff: 'Made on', accuracyChart: 'Past forecasts against what happened',
    staffingTitle: 'Staffing plan', dates: 'Dates', both: 'Both', basis: 'Plan for', basisMean: 'Expected (mean)', basisHi80: 'Busy (upper 80%)',
    params: 'Parameters', targetWait: 'Target wait (minutes)', targetShare: 'Travellers served within target (%)',
    shareEgate: 'E-gate share (%)', shareCounter: 'Counter share (%)', sharePriority: 'Priority lane share (%)',
    shrinkage: 'Shrinkage (%)', update: 'Update plan', reset: 'Reset',
    sharesSum: (sum) => `The channel shares add up to ${sum}%; they must add up to 100%.`,
    notApplied: (names) => `The server did not apply: ${names}. The plan below uses the server's values.`,
    shift: 'Shift', date: 'Date', egate: 'E-gates', counter: 'Counters', priority: 'Priority lanes', officers: 'Officers rostered',
    onPosition: 'Officers on position', officersChart: 'Officers rostered per shift',
    downloads: 'Downloads (manager)', staffingReport: 'Staffing report', peakReport: 'Peak report', downloaded: (f) => `Downloaded ${f}.`,
    partial: 'part of the shift is outside the dates',
    footer: 'Forecasts with 80% and 95% intervals. Data: HK Immigration Department and US BTS samples.',
  },
  zh: {
    skip: '跳到内容', title: '口岸通关预测', views: '视图', overview: '总览', port: '口岸', staffing: '人手编排',
    apiKey: 'API 密钥', keyLabel: 'API 密钥（只保存在此浏览器分页）', save: '保存', forget: '清除密钥',
    keySaved: '密钥已为此分页保存。', keyNone: '未设密钥：服务器开放时可以读取。',
    localMode: '本机模式', localModeTitle: '服务器未设 API 密钥，且只在本机监听：所有操作（包括下载）都无需密钥。',
    openMode: '开放模式', openModeTitle: '服务器未设 API 密钥，并已特意开放（CROSSINGS_OPEN=1）：所有操作都无需密钥。',
    keyLocal: '本机模式：无需密钥。',
    downloadsNeedManager: (role) => role ? `你的密钥属于 ${role} 角色；下载需要经理（或管理员）密钥。请在“API 密钥”中输入。` : '下载需要经理（或管理员）密钥。请在“API 密钥”中输入。',
    loading: '载入中…', retry: '重试',
    needKey: '此服务器需要 API 密钥。请在上方输入（只保存在此分页）。',
    badKey: 'API 密钥无效，请检查后重新输入。',
    needRole: (role) => `你的密钥没有此操作所需的 ${role} 角色。请向管理员申请 ${role} 密钥。`,
    networkError: '无法连接服务器。请确认服务器正在运行，然后重试。',
    chartLibMissing: '图表库（vendor/vega*.min.js）未能加载：请重新载入页面。',
    overviewTitle: '全部管制站，未来 8 周', arrivals: '入境', departures: '出境', total: '合计',
    peakDays: '高峰日', nextWeeks: (from, to) => `预测 ${from} 至 ${to}`,
    totalsTitle: '各方向预计旅客人次', controlPoint: '管制站',
    peakPeriodsAll: '即将到来的高峰期', noPeaks: '此期间没有高峰期。',
    portLabel: '管制站', direction: '方向', category: '旅客类别',
    forecastTitle: '预测与最近 12 周实际', peaksTitle: '高峰期', weekdayTitle: '星期分布',
    accuracyTitle: '过往预测准确度', noAccuracy: '此序列尚无回测（请运行 `crossings backtest`）。',
    from: '由', to: '至', days: '日数', peakDay: '最高日', peakValue: '最高人次', overThreshold: '高于阈值',
    cause: '原因', noHoliday: '非假期（每周规律）',
    model: '模型', windows: '窗口', mase: 'MASE', wape: 'WAPE %', cov80: '80% 区间命中', cov95: '95% 区间命中',
    actual: '实际', forecastMean: '预测', cutoff: '预测日期', accuracyChart: '过往预测与实际对比',
    staffingTitle: '人手编排计划', dates: '日期', both: '双向', basis: '按', basisMean: '预计（平均）', basisHi80: '繁忙（80% 上限）',
    params: '参数', targetWait: '目标等候（分钟）', targetShare: '目标内完成比例（%）',
    shareEgate: 'e-道比例（%）', shareCounter: '人工柜台比例（%）', sharePriority: '优先通道比例（%）',
    shrinkage: '缩减率（%）', update: '更新计划', reset: '重设',
    sharesSum: (sum) => `各通道比例合计 ${sum}%，须为 100%。`,
    notApplied: (names) => `服务器未采用：${names}。下表使用服务器的数值。`,
    shift: '班次', date: '日期', egate: 'e-道', counter: '人工柜台', priority: '优先通道', officers: '编排人员',
    onPosition: '当值人员', officersChart: '每班编排人员',
    downloads: '下载（经理）', staffingReport: '人手报告', peakReport: '高峰报告', downloaded: (f) => `已下载 ${f}。`,
    partial: '部分班次在日期范围外',
    footer: '预测附 80% 及 95% 区间。数据：香港入境事务处及美国 BTS 样本。',
  },
};

const NAMES = {
  en: {
    arrival: 'Arrivals', departure: 'Departures', total: 'All travellers', hk_residents: 'HK residents',
    mainland_visitors: 'Mainland visitors', other_visitors: 'Other visitors', morning: 'Morning', afternoon: 'Afternoon', night: 'Night',
  },
  zh: {
    arrival: '入境', departure: '出境', total: '全部旅客', hk_residents: '香港居民',
    mainland_visitors: '内地访客', other_visitors: '其他访客', morning: '早班', afternoon: '午班', night: '夜班',
  },
};

let lang = localStorage.getItem('crossings.lang') === 'zh' ? 'zh' : 'en';

/** The current interface language, 'en' or 'zh'. */
export const currentLang = () => lang;

/** Switches the language (remembered in this browser) and relabels the static parts of the page. */
export function setLang(next) {
  lang = next === 'zh' ? 'zh' : 'en';
  localStorage.setItem('crossings.lang', lang);
  document.documentElement.lang = lang === 'zh' ? 'zh-Hans' : 'en';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  document.title = `${t('title')} · ${lang === 'zh' ? '仪表板' : 'dashboard'}`;
}

/** The label of a peak period's holiday in the current language (the API gives label and label_zh). */
export function holidayLabel(holiday) {
  if (!holiday) return t('noHoliday');
  return (lang === 'zh' ? holiday.label_zh : undefined) ?? holiday.label ?? holiday.name;
}

/** A string of the interface, e.g. t('loading'); functions take their arguments, e.g. t('needRole', 'manager'). */
export function t(key, ...args) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return typeof s === 'function' ? s(...args) : s;
}

/** The display name of a direction, category or shift code, e.g. name('arrival'). */
export const name = (code) => NAMES[lang][code] ?? code.replaceAll('_', ' ');

/** A port's name in the current language (Chinese name where the port has one). */
export const portName = (port) => (lang === 'zh' && port.name_zh ? port.name_zh : port.name);

/** A whole number formatted for the current language, e.g. 12,345. */
export const num = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString(lang === 'zh' ? 'zh-CN' : 'en-GB'));

/** A share 0..1 as a percentage with no decimals, e.g. 0.83 → 83%. */
export const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);

/** A YYYY-MM-DD date with its weekday, e.g. "Sat 3 Jan" or "1月3日 周六". */
export function day(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  return d.toLocaleDateString(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
}
