/** Interface strings in English, Traditional and Simplified Chinese, and the names of ports, directions and categories. */

/** 年初一 … 初十: the days of the Lunar New Year as they are said. */
const CN_DAY = ['', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

const STRINGS = {
  en: {
    staleNotice: (last, from) => `No data for this control point since ${last}, while the other control points report later. Its forecast starts on ${from} like theirs, carried across the gap: check whether it stopped reporting or was renamed.`, closedNotice: 'Only zeros have been reported here lately: the control point is taken as closed, forecast as zero, and left out of the overview.', notForecastNotice: (last) => `No data since ${last}, over a year: this control point is not forecast.`, dashboard: 'dashboard', language: 'Language', dataUpTo: (d, n) => `Data up to ${d} (${n === 0 ? 'today' : n === 1 ? 'yesterday' : `${n.toLocaleString('en')} days ago`})`,
    portNotFound: (text) => `No control point is called "${text}"`, didYouMean: 'Did you mean:', backToOverview: 'Back to the overview',
    portNoData: 'No crossings have been loaded for this control point yet, so there is nothing to forecast. Load its data with crossings ingest.', skip: 'Skip to content', title: 'Border crossings', views: 'Views', overview: 'Overview', port: 'Port', staffing: 'Staffing',
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
    overviewTitle: (region) => `${region}: all control points`, arrivals: 'Arrivals', departures: 'Departures', total: 'Total',
    peakDays: 'Peak days', peakCount: (n, pctText, weeks) => `peak period${n === 1 ? '' : 's'} ≥ ${pctText} above normal in the next ${weeks} weeks`,
    severity: 'Above normal', normal: 'Normal', nextWeeks: (from, to) => `Forecast ${from} to ${to}`,
    overviewTitleMonthly: (region) => `${region}: all ports (monthly counts)`, nextMonths: (from, to) => `Forecast ${from} to ${to} (monthly counts)`,
    totalsTitleMonthly: 'Travellers in this range (people, not vehicles)', region: 'Region',
    totalsTitle: 'Travellers per direction', controlPoint: 'Control point',
    peakPeriodsAll: 'Coming peak periods', noPeaks: 'No peak periods in this range.',
    portLabel: 'Control point', direction: 'Direction', category: 'Travellers',
    forecastTitle: 'Forecast, after the last 12 weeks of actuals', forecastTitleMonthly: 'Forecast by month, after the last 3 years of actuals', monthProfileTitle: 'Month-of-year profile', peaksTitle: 'Peak periods', weekdayTitle: 'Weekday profile',
    accuracyTitle: 'Accuracy of past forecasts', noAccuracy: 'Not measured yet: accuracy appears here once past forecasts for this series have been compared with what happened (an administrator runs the backtest).',
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
    curveChart: (d) => `Positions open each half-hour, all channels, on the busiest day (${d})`, positionsOpen: 'Positions open', halfHour: 'Half-hour from',
    downloads: 'Downloads (manager)', staffingReport: 'Staffing report', peakReport: 'Peak report', downloaded: (f) => `Downloaded ${f}.`,
    partial: 'part of the shift is outside the dates',
    shortfall: 'Short of capacity', residents: 'residents', visitors: 'visitors',
    targetsLine: (r, v) => `Targets: residents ${r[0]}% within ${r[1]} min; visitors ${v[0]}% within ${v[1]} min.`,
    shortSummary: (n, all) => `${n} of ${all} shifts need more positions than are installed: every installed position is open there and the target is missed (red).`,
    noShort: 'Installed capacity meets every target.',
    unstable: (g, c) => `${g}, ${c}: queue unstable at capacity (it grows all slot)`,
    atCapacity: (g, c, pct, wait, mean) => `${g}, ${c}: ${pct}% within ${wait} min at capacity, mean wait ${mean} min`,
    footer: 'Forecasts with 80% and 95% intervals. Data: HK Immigration Department and US BTS samples.',
    componentsNoteMonthly: 'Each month is its level and trend, in travellers, times the effects below it: month of year, and the rest.',
    componentsNotStored: 'This forecast run was made before the parts of forecasts were kept. Forecast again (crossings forecast, or an admin\'s POST /api/forecast-runs) to see them.',
    componentsTitle: 'Why this forecast', componentsChart: 'The forecast split into its parts',
    componentsNote: 'Each day is its level and trend, in travellers, times the effects below it: day of week, time of year, holidays and events (with the days before and after them), and the rest.',
    componentsNone: (model, monthly) => `This series is forecast by ${model === 'smean' ? (monthly ? 'the median of the same month in recent years' : 'the median of the same weekday in recent weeks') : monthly ? 'repeating the same month of last year' : 'repeating last week'}: it did better in the backtests than the models that have parts, so its forecast has no parts to show.`,
    peakDaysEffects: 'Peak days and their largest effects', levelTrend: 'Level and trend', effects: 'Effects', largestEffects: 'Largest effects', effect: 'Effect', part: 'Part', peakDayMark: 'Peak day',
    group_weekly: 'Day of week', group_weekly_month: 'Month of year', group_yearly: 'Time of year', group_holidays: 'Holidays and events', group_other: 'Other',
    kind_weekly: 'Day of week', kind_yearly: 'Time of year', kind_month_of_year: 'Month of year', kind_month_position: 'Start of the month (pay day)',
    kind_year_ago: 'Same days last year', kind_workday: 'Mainland make-up working day', kind_limit: 'Held at 3× the record',
    regionSuffix: (r) => ` (${r === 'CN' ? 'mainland' : 'HK'})`,
    daysBefore: (name, n) => `${name}, ${n === 1 ? 'day before' : `${n} days before`}`, dayOf: (name, n) => `${name}, day ${n}`,
    daysAfter: (name, n) => `${name}, ${n === 1 ? 'day after' : `${n} days after`}`,
    lnyEve: 'Lunar New Year eve', lnyDay: (n) => `Lunar New Year, day ${n}`, christmasEve: 'Christmas Eve',
    cantonPhase: (n) => `Canton Fair phase ${n}`,
    outlookHoliday: 'Holiday (English or Chinese)', outlookYear: 'Year', outlookShow: 'Show outlook', outlookWeeks: 'Next 8 weeks',
    // Any range (issue 18): presets, the stored forecast made for a past range, last year lined up, the engine's marks.
    range_next12: 'Next 12 months', range_recent: 'Last 2 years and next 12 months', range_last_year_months: 'Same months last year', rangeBadMonths: (max) => `Pick a first and a last month, the first not after the last, at most ${max} months apart.`,
    overlayLabelMonths: 'Last year, same months', rangeShowingMonths: (from, to, n) => `${from} to ${to} (${n} month${n === 1 ? '' : 's'})`, travellersMonth: 'Travellers per month',
    totalsCounted: (d) => `Counted travellers: the data up to ${d} covers this range.`, totalsMixed: (d) => `Counted travellers up to ${d}, forecast after it.`,
    peaksPast: 'This range is past: peak periods are flagged in forecasts. Open a control point to see what was forecast for it and how it did.',
    peakCountRange: (n, pctText, d) => `peak period${n === 1 ? '' : 's'} ≥ ${pctText} above normal in these ${d} days`,
    rangeLabel: 'Range', range_next8: 'Next 8 weeks', range_holiday: 'Next holiday', range_holidayNamed: (n) => `Next holiday: ${n}`,
    range_season: 'This season', range_last_year: 'Same period last year', range_custom: 'Custom range', rangeShow: 'Show',
    rangeBad: (max) => `Pick a first and a last day, the first not after the last, at most ${max.toLocaleString('en')} days apart.`,
    overlayLabel: 'Last year, aligned by holiday', rangeShowing: (from, to, n) => `${from} to ${to} (${n} days)`,
    rangeTitle: 'Actuals and forecasts', travellersDay: 'Travellers per day', forecastMade: 'Forecast made then', forecastMadeBand: 'Its 80% band',
    band80: '80% band', band95: '95% band', lastYear: 'Last year', interval80: '80% interval', interval95: '95% interval',
    lastYearOn: (d) => `Last year (${d})`, holiday: 'Holiday', note: 'Note', allRegions: 'Hong Kong and mainland', eventBand: 'Event', holidays: 'Holidays',
    zoomHint: 'Scroll on the chart to zoom in or out, drag to move along, double-click to go back.',
    pastError: (e) => `The forecast made with data up to ${e.made}${e.backtest ? ' (a backtest, made later as if on that day)' : ''} was off by ${e.wape} on average over ${e.days} ${e.monthly ? 'months' : 'days'} of this range, and ${e.bias} overall; ${e.inside} of ${e.days} ${e.monthly ? 'months' : 'days'} fell inside its 80% band.`,
    pastWorst: (d, f, a, p) => `Its largest miss: ${d}, ${f} forecast against ${a} (${p}).`,
    tooHigh: (p) => `${p} too high`, tooLow: (p) => `${p} too low`, spotOn: 'spot on',
    pastNoneMonths: 'No stored forecast covers the past months of this range: they lie before the first forecast run and backtest window kept. An administrator can run a backtest from before them.',
    pastNone: 'No stored forecast covers the past days of this range: it lies before the first forecast run and backtest window kept. An administrator can run a backtest from before it.',
    lastYearAligned: (f, last, now) => `Last year's line is moved so that ${f} (${last}) falls on this year's (${now}).`,
    lastYearWeekday: 'Last year\u2019s line is 364 days earlier, so weekdays line up (no major festival in this range).',
    markBreak: 'Level break: the engine learns from this day on', markClosed: 'Closed or no service: left out of the fit',
    markLow: 'Unusually low (typhoon signal, part closure): not let shape the weekly and yearly pattern', dataEnd: 'Last day of data',
    marksNote: (n, c, b) => [b && `a level break on ${b}`, c && `${c} closed or no-service day${c === 1 ? '' : 's'} (grey)`, n && `${n} unusually low day${n === 1 ? '' : 's'} (orange ▼), e.g. a typhoon signal`].filter(Boolean).join('; '),
    marksLead: 'Marked on the chart: ',
  },
  'zh-Hans': {
    staleNotice: (last, from) => `此管制站自 ${last} 起没有数据，而其他管制站仍有更新。其预测与其他管制站一样从 ${from} 开始，跨越数据空缺：请检查它是否停止报告或已改名。`, closedNotice: '此管制站近期只报告零：视为关闭，预测为零，并不列入总览。', notForecastNotice: (last) => `自 ${last} 起已超过一年没有数据：此管制站不作预测。`, dashboard: '仪表板', language: '语言', dataUpTo: (d, n) => `数据截至 ${d}（${n === 0 ? '今天' : `${n} 天前`}）`,
    portNotFound: (text) => `没有名为「${text}」的管制站`, didYouMean: '你是否要找：', backToOverview: '返回总览',
    portNoData: '此管制站尚未载入任何通关数据，因此没有预测。请用 crossings ingest 载入其数据。', skip: '跳到内容', title: '口岸通关预测', views: '视图', overview: '总览', port: '口岸', staffing: '人手编排',
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
    overviewTitle: (region) => `${region}：全部管制站`, arrivals: '入境', departures: '出境', total: '合计',
    peakDays: '高峰日', peakCount: (n, pctText, weeks) => `个高峰期：未来 ${weeks} 周内高于平常 ${pctText} 或以上`,
    severity: '高于平常', normal: '平常', nextWeeks: (from, to) => `预测 ${from} 至 ${to}`,
    overviewTitleMonthly: (region) => `${region}：全部口岸（按月计）`, nextMonths: (from, to) => `预测 ${from} 至 ${to}（按月计）`,
    totalsTitleMonthly: '此时段旅客人次（人，不含车辆）', region: '地区',
    totalsTitle: '各方向旅客人次', controlPoint: '管制站',
    peakPeriodsAll: '即将到来的高峰期', noPeaks: '此期间没有高峰期。',
    portLabel: '管制站', direction: '方向', category: '旅客类别',
    forecastTitle: '预测与最近 12 周实际', forecastTitleMonthly: '按月预测与最近 3 年实际', monthProfileTitle: '月份分布', peaksTitle: '高峰期', weekdayTitle: '星期分布',
    accuracyTitle: '过往预测准确度', noAccuracy: '尚未评估：将此序列过往的预测与实际数字比较后（由管理员运行回测），准确度会显示在这里。',
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
    curveChart: (d) => `最繁忙日（${d}）每半小时开放的位置（全部通道）`, positionsOpen: '开放位置', halfHour: '半小时起点',
    downloads: '下载（经理）', staffingReport: '人手报告', peakReport: '高峰报告', downloaded: (f) => `已下载 ${f}。`,
    partial: '部分班次在日期范围外',
    shortfall: '容量不足', residents: '香港居民', visitors: '访客',
    targetsLine: (r, v) => `目标：香港居民 ${r[0]}% 于 ${r[1]} 分钟内；访客 ${v[0]}% 于 ${v[1]} 分钟内。`,
    shortSummary: (n, all) => `${all} 个班次中有 ${n} 个所需位置多于已装设数目：已开放全部位置，仍未达目标（红色）。`,
    noShort: '已装设容量足以达到所有目标。',
    unstable: (g, c) => `${g}，${c}：按现有容量队伍不稳定（持续增长）`,
    atCapacity: (g, c, pct, wait, mean) => `${g}，${c}：按现有容量 ${pct}% 于 ${wait} 分钟内，平均等候 ${mean} 分钟`,
    footer: '预测附 80% 及 95% 区间。数据：香港入境事务处及美国 BTS 样本。',
    componentsNoteMonthly: '每月预测 = 水平及趋势（人次）× 下列各项效应：月份及其他。',
    componentsNotStored: '此预测批次在保存预测构成之前制作。请重新预测（crossings forecast，或由管理员 POST /api/forecast-runs）后查看。',
    componentsTitle: '预测的构成', componentsChart: '预测按各部分拆解',
    componentsNote: '每日预测 = 水平及趋势（人次）× 下列各项效应：星期、季节、假期及活动（含前后数日）及其他。',
    componentsNone: (model, monthly) => `此序列以${model === 'smean' ? (monthly ? '近年同月的中位数' : '最近数周同一星期几的中位数') : monthly ? '重复去年同月' : '重复上周'}预测：其回测表现优于可拆解的模型，因此没有可拆解的部分。`,
    peakDaysEffects: '高峰日及其主要效应', levelTrend: '水平及趋势', effects: '效应', largestEffects: '主要效应', effect: '效应', part: '部分', peakDayMark: '高峰日',
    group_weekly: '星期', group_weekly_month: '月份', group_yearly: '季节', group_holidays: '假期及活动', group_other: '其他',
    kind_weekly: '星期', kind_yearly: '季节', kind_month_of_year: '月份', kind_month_position: '月初（发薪后）',
    kind_year_ago: '去年同期', kind_workday: '内地调休上班日', kind_limit: '以纪录的 3 倍为上限',
    regionSuffix: (r) => `（${r === 'CN' ? '内地' : '香港'}）`,
    daysBefore: (name, n) => (n === 1 ? `${name}前一天` : `${name}前${n}天`), dayOf: (name, n) => `${name}第${n}天`,
    daysAfter: (name, n) => (n === 1 ? `${name}后一天` : `${name}后${n}天`),
    lnyEve: '除夕', lnyDay: (n) => `年初${CN_DAY[n] ?? n}`, christmasEve: '平安夜',
    cantonPhase: (n) => `广交会第${n}期`,
    outlookHoliday: '假期（中文或英文）', outlookYear: '年份', outlookShow: '显示预测', outlookWeeks: '未来 8 周',
    range_next12: '未来 12 个月', range_recent: '过去 2 年及未来 12 个月', range_last_year_months: '去年同月', rangeBadMonths: (max) => `请选择首月和末月，首月不可晚于末月，相距最多 ${max} 个月。`,
    overlayLabelMonths: '去年同月', rangeShowingMonths: (from, to, n) => `${from} 至 ${to}（${n} 个月）`, travellersMonth: '每月旅客',
    totalsCounted: (d) => `实际旅客人次：截至 ${d} 的数据涵盖此时段。`, totalsMixed: (d) => `截至 ${d} 为实际旅客人次，其后为预测。`,
    peaksPast: '此时段已过去：高峰期只在预测中标示。请打开个别管制站，查看当时的预测及其准确度。',
    peakCountRange: (n, pctText, d) => `个高峰期：此 ${d} 天内高于平常 ${pctText} 或以上`,
    rangeLabel: '时段', range_next8: '未来 8 周', range_holiday: '下一个假期', range_holidayNamed: (n) => `下一个假期：${n}`,
    range_season: '本季', range_last_year: '去年同期', range_custom: '自选时段', rangeShow: '显示',
    rangeBad: (max) => `请选择首日和末日，首日不可晚于末日，相距最多 ${max} 天。`,
    overlayLabel: '去年（按假期对齐）', rangeShowing: (from, to, n) => `${from} 至 ${to}（${n} 天）`,
    rangeTitle: '实际与预测', travellersDay: '每日旅客', forecastMade: '当时的预测', forecastMadeBand: '其 80% 区间',
    band80: '80% 区间', band95: '95% 区间', lastYear: '去年', interval80: '80% 区间', interval95: '95% 区间',
    lastYearOn: (d) => `去年（${d}）`, holiday: '假期', note: '备注', allRegions: '香港及内地', eventBand: '活动', holidays: '假期',
    zoomHint: '在图上滚动可放大或缩小，拖动可前后移动，双击还原。',
    pastError: (e) => `以截至 ${e.made} 的数据所作的预测${e.backtest ? '（回测：事后按当日数据重做）' : ''}，在此时段的 ${e.days} ${e.monthly ? '个月' : '天'}平均偏差 ${e.wape}，总数${e.bias}；${e.days} ${e.monthly ? '个月' : '天'}中有 ${e.inside} ${e.monthly ? '个月' : '天'}落在其 80% 区间内。`,
    pastWorst: (d, f, a, p) => `偏差最大的一天：${d}，预测 ${f}，实际 ${a}（${p}）。`,
    tooHigh: (p) => `偏高 ${p}`, tooLow: (p) => `偏低 ${p}`, spotOn: '几乎无偏差',
    pastNoneMonths: '没有已存的预测涵盖此时段的过去月份：它们早于所保存的第一次预测和回测。管理员可从更早的日期做回测。',
    pastNone: '没有已存的预测涵盖此时段的过去日子：它早于所保存的第一次预测和回测。管理员可从更早的日期做回测。',
    lastYearAligned: (f, last, now) => `去年的线已移动，使${f}（${last}）对上今年的（${now}）。`,
    lastYearWeekday: '去年的线提早 364 天，星期对齐（此时段没有主要节日）。',
    markBreak: '水平突变：模型由这天起学习', markClosed: '关闭或无服务：不纳入拟合',
    markLow: '异常偏低（台风信号、部分关闭）：不影响星期及全年规律', dataEnd: '数据最后一天',
    marksNote: (n, c, b) => [b && `${b} 水平突变`, c && `${c} 天关闭或无服务（灰色）`, n && `${n} 天异常偏低（橙色 ▼），例如台风信号`].filter(Boolean).join('；'),
    marksLead: '图中标示：',
  },
  'zh-Hant': {
    localMode: '本機模式', localModeTitle: '伺服器未設 API 密鑰，且只在本機監聽：所有操作（包括下載）都無需密鑰。',
    openMode: '開放模式', openModeTitle: '伺服器未設 API 密鑰，並已特意開放（CROSSINGS_OPEN=1）：所有操作都無需密鑰。',
    keyLocal: '本機模式：無需密鑰。',
    downloadsNeedManager: (role) => role ? `你的密鑰屬於 ${role} 角色；下載需要經理（或管理員）密鑰。請在“API 密鑰”中輸入。` : '下載需要經理（或管理員）密鑰。請在“API 密鑰”中輸入。',
    staleNotice: (last, from) => `此管制站自 ${last} 起沒有數據，而其他管制站仍有更新。其預測與其他管制站一樣從 ${from} 開始，跨越數據空缺：請檢查它是否停止報告或已改名。`, closedNotice: '此管制站近期只報告零：視為關閉，預測為零，並不列入總覽。', notForecastNotice: (last) => `自 ${last} 起已超過一年沒有數據：此管制站不作預測。`, dashboard: '儀表板', language: '語言', dataUpTo: (d, n) => `數據截至 ${d}（${n === 0 ? '今天' : `${n} 天前`}）`,
    portNotFound: (text) => `沒有名為「${text}」的管制站`, didYouMean: '你是否要找：', backToOverview: '返回總覽',
    portNoData: '此管制站尚未載入任何通關數據，因此沒有預測。請用 crossings ingest 載入其數據。', skip: '跳到內容', title: '口岸通關預測', views: '視圖', overview: '總覽', port: '口岸', staffing: '人手編排',
    apiKey: 'API 密鑰', keyLabel: 'API 密鑰（只保存在此瀏覽器分頁）', save: '保存', forget: '清除密鑰',
    keySaved: '密鑰已為此分頁保存。', keyNone: '未設密鑰：伺服器開放時可以讀取。',
    loading: '載入中…', retry: '重試',
    needKey: '此伺服器需要 API 密鑰。請在上方輸入（只保存在此分頁）。',
    badKey: 'API 密鑰無效，請檢查後重新輸入。',
    needRole: (role) => `你的密鑰沒有此操作所需的 ${role} 角色。請向管理員申請 ${role} 密鑰。`,
    networkError: '無法連接伺服器。請確認伺服器正在運行，然後重試。',
    chartLibMissing: '圖表庫（vendor/vega*.min.js）未能加載：請重新載入頁面。',
    overviewTitle: (region) => `${region}：全部管制站`, arrivals: '入境', departures: '出境', total: '合計',
    peakDays: '高峯日', peakCount: (n, pctText, weeks) => `個高峯期：未來 ${weeks} 週內高於平常 ${pctText} 或以上`,
    severity: '高於平常', normal: '平常', nextWeeks: (from, to) => `預測 ${from} 至 ${to}`,
    overviewTitleMonthly: (region) => `${region}：全部口岸（按月計）`, nextMonths: (from, to) => `預測 ${from} 至 ${to}（按月計）`,
    totalsTitleMonthly: '此時段旅客人次（人，不含車輛）', region: '地區',
    totalsTitle: '各方向旅客人次', controlPoint: '管制站',
    peakPeriodsAll: '即將到來的高峯期', noPeaks: '此期間沒有高峯期。',
    portLabel: '管制站', direction: '方向', category: '旅客類別',
    forecastTitle: '預測與最近 12 週實際', forecastTitleMonthly: '按月預測與最近 3 年實際', monthProfileTitle: '月份分佈', peaksTitle: '高峯期', weekdayTitle: '星期分佈',
    accuracyTitle: '過往預測準確度', noAccuracy: '尚未評估：將此序列過往的預測與實際數字比較後（由管理員運行回測），準確度會顯示在這裡。',
    from: '由', to: '至', days: '日數', peakDay: '最高日', peakValue: '最高人次', overThreshold: '高於閾值',
    cause: '原因', noHoliday: '非假期（每週規律）',
    model: '模型', windows: '窗口', mase: 'MASE', wape: 'WAPE %', cov80: '80% 區間命中', cov95: '95% 區間命中',
    actual: '實際', forecastMean: '預測', cutoff: '預測日期', accuracyChart: '過往預測與實際對比',
    staffingTitle: '人手編排計劃', dates: '日期', both: '雙向', basis: '按', basisMean: '預計（平均）', basisHi80: '繁忙（80% 上限）',
    params: '參數', targetWait: '目標等候（分鐘）', targetShare: '目標內完成比例（%）',
    shareEgate: 'e-道比例（%）', shareCounter: '人工櫃枱比例（%）', sharePriority: '優先通道比例（%）',
    shrinkage: '縮減率（%）', update: '更新計劃', reset: '重設',
    sharesSum: (sum) => `各通道比例合計 ${sum}%，須為 100%。`,
    notApplied: (names) => `伺服器未採用：${names}。下表使用伺服器的數值。`,
    shift: '班次', date: '日期', egate: 'e-道', counter: '人工櫃枱', priority: '優先通道', officers: '編排人員',
    onPosition: '當值人員', officersChart: '每班編排人員',
    curveChart: (d) => `最繁忙日（${d}）每半小時開放的位置（全部通道）`, positionsOpen: '開放位置', halfHour: '半小時起點',
    downloads: '下載（經理）', staffingReport: '人手報告', peakReport: '高峯報告', downloaded: (f) => `已下載 ${f}。`,
    partial: '部分班次在日期範圍外',
    shortfall: '容量不足', residents: '香港居民', visitors: '訪客',
    targetsLine: (r, v) => `目標：香港居民 ${r[0]}% 於 ${r[1]} 分鐘內；訪客 ${v[0]}% 於 ${v[1]} 分鐘內。`,
    shortSummary: (n, all) => `${all} 個班次中有 ${n} 個所需位置多於已裝設數目：已開放全部位置，仍未達目標（紅色）。`,
    noShort: '已裝設容量足以達到所有目標。',
    unstable: (g, c) => `${g}，${c}：按現有容量隊伍不穩定（持續增長）`,
    atCapacity: (g, c, pct, wait, mean) => `${g}，${c}：按現有容量 ${pct}% 於 ${wait} 分鐘內，平均等候 ${mean} 分鐘`,
    footer: '預測附 80% 及 95% 區間。數據：香港入境事務處及美國 BTS 樣本。',
    componentsNoteMonthly: '每月預測 = 水平及趨勢（人次）× 下列各項效應：月份及其他。',
    componentsNotStored: '此預測批次在保存預測構成之前製作。請重新預測（crossings forecast，或由管理員 POST /api/forecast-runs）後查看。',
    componentsTitle: '預測的構成', componentsChart: '預測按各部分拆解',
    componentsNote: '每日預測 = 水平及趨勢（人次）× 下列各項效應：星期、季節、假期及活動（含前後數日）及其他。',
    componentsNone: (model, monthly) => `此序列以${model === 'smean' ? (monthly ? '近年同月的中位數' : '最近數週同一星期幾的中位數') : monthly ? '重複去年同月' : '重複上週'}預測：其回測表現優於可拆解的模型，因此沒有可拆解的部分。`,
    peakDaysEffects: '高峯日及其主要效應', levelTrend: '水平及趨勢', effects: '效應', largestEffects: '主要效應', effect: '效應', part: '部分', peakDayMark: '高峯日',
    group_weekly: '星期', group_weekly_month: '月份', group_yearly: '季節', group_holidays: '假期及活動', group_other: '其他',
    kind_weekly: '星期', kind_yearly: '季節', kind_month_of_year: '月份', kind_month_position: '月初（發薪後）',
    kind_year_ago: '去年同期', kind_workday: '內地調休上班日', kind_limit: '以紀錄的 3 倍為上限',
    regionSuffix: (r) => `（${r === 'CN' ? '內地' : '香港'}）`,
    daysBefore: (name, n) => (n === 1 ? `${name}前一天` : `${name}前${n}天`), dayOf: (name, n) => `${name}第${n}天`,
    daysAfter: (name, n) => (n === 1 ? `${name}後一天` : `${name}後${n}天`),
    lnyEve: '除夕', lnyDay: (n) => `年初${CN_DAY[n] ?? n}`, christmasEve: '平安夜',
    cantonPhase: (n) => `廣交會第${n}期`,
    outlookHoliday: '假期（中文或英文）', outlookYear: '年份', outlookShow: '顯示預測', outlookWeeks: '未來 8 週',
    range_next12: '未來 12 個月', range_recent: '過去 2 年及未來 12 個月', range_last_year_months: '去年同月', rangeBadMonths: (max) => `請選擇首月和末月，首月不可晚於末月，相距最多 ${max} 個月。`,
    overlayLabelMonths: '去年同月', rangeShowingMonths: (from, to, n) => `${from} 至 ${to}（${n} 個月）`, travellersMonth: '每月旅客',
    totalsCounted: (d) => `實際旅客人次：截至 ${d} 的數據涵蓋此時段。`, totalsMixed: (d) => `截至 ${d} 為實際旅客人次，其後為預測。`,
    peaksPast: '此時段已過去：高峯期只在預測中標示。請打開個別管制站，查看當時的預測及其準確度。',
    peakCountRange: (n, pctText, d) => `個高峯期：此 ${d} 天內高於平常 ${pctText} 或以上`,
    rangeLabel: '時段', range_next8: '未來 8 週', range_holiday: '下一個假期', range_holidayNamed: (n) => `下一個假期：${n}`,
    range_season: '本季', range_last_year: '去年同期', range_custom: '自選時段', rangeShow: '顯示',
    rangeBad: (max) => `請選擇首日和末日，首日不可晚於末日，相距最多 ${max} 天。`,
    overlayLabel: '去年（按假期對齊）', rangeShowing: (from, to, n) => `${from} 至 ${to}（${n} 天）`,
    rangeTitle: '實際與預測', travellersDay: '每日旅客', forecastMade: '當時的預測', forecastMadeBand: '其 80% 區間',
    band80: '80% 區間', band95: '95% 區間', lastYear: '去年', interval80: '80% 區間', interval95: '95% 區間',
    lastYearOn: (d) => `去年（${d}）`, holiday: '假期', note: '備註', allRegions: '香港及內地', eventBand: '活動', holidays: '假期',
    zoomHint: '在圖上捲動可放大或縮小，拖動可前後移動，雙擊還原。',
    pastError: (e) => `以截至 ${e.made} 的數據所作的預測${e.backtest ? '（回測：事後按當日數據重做）' : ''}，在此時段的 ${e.days} ${e.monthly ? '個月' : '天'}平均偏差 ${e.wape}，總數${e.bias}；${e.days} ${e.monthly ? '個月' : '天'}中有 ${e.inside} ${e.monthly ? '個月' : '天'}落在其 80% 區間內。`,
    pastWorst: (d, f, a, p) => `偏差最大的一天：${d}，預測 ${f}，實際 ${a}（${p}）。`,
    tooHigh: (p) => `偏高 ${p}`, tooLow: (p) => `偏低 ${p}`, spotOn: '幾乎無偏差',
    pastNoneMonths: '沒有已存的預測涵蓋此時段的過去月份：它們早於所保存的第一次預測和回測。管理員可從更早的日期做回測。',
    pastNone: '沒有已存的預測涵蓋此時段的過去日子：它早於所保存的第一次預測和回測。管理員可從更早的日期做回測。',
    lastYearAligned: (f, last, now) => `去年的線已移動，使${f}（${last}）對上今年的（${now}）。`,
    lastYearWeekday: '去年的線提早 364 天，星期對齊（此時段沒有主要節日）。',
    markBreak: '水平突變：模型由這天起學習', markClosed: '關閉或無服務：不納入擬合',
    markLow: '異常偏低（颱風信號、部分關閉）：不影響星期及全年規律', dataEnd: '數據最後一天',
    marksNote: (n, c, b) => [b && `${b} 水平突變`, c && `${c} 天關閉或無服務（灰色）`, n && `${n} 天異常偏低（橙色 ▼），例如颱風信號`].filter(Boolean).join('；'),
    marksLead: '圖中標示：',
  },
};

const NAMES = {
  en: {
    arrival: 'Arrivals', departure: 'Departures', total: 'All travellers', hk_residents: 'HK residents',
    mainland_visitors: 'Mainland visitors', other_visitors: 'Other visitors',
    personal_vehicle_passengers: 'Personal vehicle passengers', pedestrians: 'Pedestrians', bus_passengers: 'Bus passengers',
    train_passengers: 'Train passengers', personal_vehicles: 'Personal vehicles', trucks: 'Trucks', buses: 'Buses', trains: 'Trains', morning: 'Morning', afternoon: 'Afternoon', night: 'Night', early: 'Early', late: 'Late', day: 'Day', shiftTimes: 'Times',
  },
  'zh-Hans': {
    arrival: '入境', departure: '出境', total: '全部旅客', hk_residents: '香港居民',
    mainland_visitors: '内地访客', other_visitors: '其他访客',
    personal_vehicle_passengers: '私家车乘客', pedestrians: '步行旅客', bus_passengers: '巴士乘客', train_passengers: '火车乘客',
    personal_vehicles: '私家车', trucks: '货车', buses: '巴士', trains: '火车', morning: '早班', afternoon: '午班', night: '夜班', early: '早更', late: '晚更', day: '日更', shiftTimes: '时间',
  },
  'zh-Hant': {
    arrival: '入境', departure: '出境', total: '全部旅客', hk_residents: '香港居民',
    mainland_visitors: '內地訪客', other_visitors: '其他訪客',
    personal_vehicle_passengers: '私家車乘客', pedestrians: '步行旅客', bus_passengers: '巴士乘客', train_passengers: '火車乘客',
    personal_vehicles: '私家車', trucks: '貨車', buses: '巴士', trains: '火車', morning: '早班', afternoon: '午班', night: '夜班', early: '早更', late: '晚更', day: '日更', shiftTimes: '時間',
  },
};

/** The interface languages, each named in itself, in the order the language menu lists them. */
export const LANGS = [
  { code: 'en', label: 'English', html: 'en', locale: 'en-GB' },
  { code: 'zh-Hant', label: '繁體中文', html: 'zh-Hant-HK', locale: 'zh-HK' },
  { code: 'zh-Hans', label: '简体中文', html: 'zh-Hans', locale: 'zh-CN' },
];

/** The browser's language as one of ours: zh-HK, zh-TW, zh-MO and zh-Hant read Traditional, other Chinese Simplified. */
export function langOfBrowser(tags) {
  for (const tag of tags ?? []) {
    const t = tag.toLowerCase();
    if (/^zh-(hk|tw|mo)\b|^zh-hant/.test(t)) return 'zh-Hant';
    if (t.startsWith('zh')) return 'zh-Hans';
    if (t.startsWith('en')) return 'en';
  }
  return 'en';
}

const known = (code) => LANGS.some((l) => l.code === code);
// 'zh' was the one Chinese before Traditional came; it meant Simplified.
const stored = localStorage.getItem('crossings.lang') === 'zh' ? 'zh-Hans' : localStorage.getItem('crossings.lang');
let lang = known(stored) ? stored : langOfBrowser(navigator.languages);
const info = () => LANGS.find((l) => l.code === lang);

/** The current interface language: 'en', 'zh-Hant' or 'zh-Hans'. */
export const currentLang = () => lang;

/** True when the interface is in either Chinese. */
export const isChinese = () => lang !== 'en';

/** Switches the language (remembered in this browser) and relabels the static parts of the page. */
export function setLang(next) {
  lang = known(next) ? next : 'en';
  localStorage.setItem('crossings.lang', lang);
  document.documentElement.lang = info().html;
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of document.querySelectorAll('[data-i18n-aria]')) el.setAttribute('aria-label', t(el.dataset.i18nAria));
  document.title = `${t('title')} · ${t('dashboard')}`;
}

/** The label of a peak period's holiday in the current language (the API gives label and label_zh). */
export function holidayLabel(holiday) {
  if (!holiday) return t('noHoliday');
  const zh = lang === 'zh-Hant' ? holiday.label_zh_hant ?? holiday.label_zh : lang === 'zh-Hans' ? holiday.label_zh : undefined;
  return zh ?? holiday.label ?? holiday.name;
}

/** A string of the interface, e.g. t('loading'); functions take their arguments, e.g. t('needRole', 'manager'). */
export function t(key, ...args) {
  const s = STRINGS[lang][key] ?? STRINGS.en[key] ?? key;
  return typeof s === 'function' ? s(...args) : s;
}

/** The display name of a direction, category or shift code, e.g. name('arrival'). */
export const name = (code) => NAMES[lang][code] ?? code.replaceAll('_', ' ');

/** A port's name in the current language (its Chinese name where it has one). */
export const portName = (port) => (lang === 'zh-Hant' ? port.name_zh_hant ?? port.name_zh : lang === 'zh-Hans' ? port.name_zh : undefined) ?? port.name;

/** A whole number formatted for the current language, e.g. 12,345. */
export const num = (x) => (x === null || x === undefined || Number.isNaN(x) ? '–' : Math.round(x).toLocaleString(info().locale));

/** A share 0..1 as a percentage with no decimals, e.g. 0.83 → 83%. */
/** A peak's severity as the API computed it, signed: "+42%". */
export const severityPct = (x) => (x === null || x === undefined ? '–' : `${x >= 0 ? '+' : ''}${Math.round(x * 100)}%`);
export const pct = (x) => (x === null || x === undefined ? '–' : `${Math.round(x * 100)}%`);

const REGION_NAMES = {
  en: { HK: 'Hong Kong', US: 'United States', MO: 'Macau', CN: 'Mainland China' },
  'zh-Hans': { HK: '香港', US: '美国', MO: '澳门', CN: '内地' },
  'zh-Hant': { HK: '香港', US: '美國', MO: '澳門', CN: '內地' },
};

/** A country or region code in the current language, e.g. regionName('US') → "United States". */
export const regionName = (code) => REGION_NAMES[lang][code] ?? code;

/** The month of a YYYY-MM-DD date with its year, e.g. "Jul 2023" or "2023年7月". */
export function month(iso) {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(info().locale, { timeZone: 'UTC', year: 'numeric', month: 'short' });
}

/** A YYYY-MM-DD date with weekday and year, e.g. "Wed 31 Dec 2025" or "2025年12月31日周三". */
export function fullDay(iso) {
  return new Date(`${iso}T00:00:00Z`).toLocaleDateString(info().locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' });
}

/** A YYYY-MM-DD date with its weekday, e.g. "Sat 3 Jan" or "1月3日 周六". */
export function day(iso) {
  const d = new Date(`${iso}T00:00:00Z`);
  return d.toLocaleDateString(info().locale, { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'short' });
}

/** Festivals by the API's key (GET /api/forecasts/components), in each language. */
const FESTIVALS = {
  lunar_new_year: ['Lunar New Year', '農曆新年', '农历新年'], easter: ['Easter', '復活節', '复活节'], christmas: ['Christmas', '聖誕節', '圣诞节'],
  labour_day: ['Labour Day', '勞動節', '劳动节'], national_day: ['National Day', '國慶', '国庆'], mid_autumn: ['Mid-Autumn Festival', '中秋節', '中秋节'],
  dragon_boat: ['Tuen Ng (Dragon Boat) Festival', '端午節', '端午节'], ching_ming: ['Ching Ming Festival', '清明節', '清明节'],
  new_year: ["New Year's Day", '元旦', '元旦'], buddha: ["Buddha's Birthday", '佛誕', '佛诞'], hksar_day: ['HKSAR Establishment Day', '香港特區成立紀念日', '香港特区成立纪念日'],
  chung_yeung: ['Chung Yeung Festival', '重陽節', '重阳节'], winter_solstice: ['Winter Solstice', '冬至', '冬至'], canton_fair: ['Canton Fair', '廣交會', '广交会'],
};

/** A festival's name in the current language; a name the list lacks shows its own part in that script. */
export function festivalName(key, name) {
  const known = FESTIVALS[key];
  if (known) return known[lang === 'en' ? 0 : lang === 'zh-Hant' ? 1 : 2];
  const cjk = /[\u3400-\u9fff][\u3400-\u9fff、·]*/u.exec(name ?? '')?.[0];
  return (lang === 'en' ? (name ?? '').replace(cjk ?? '', '').trim() : cjk) || name || '';
}

/** One effect of GET /api/forecasts/components in words, e.g. "Lunar New Year eve" or "National Day (mainland), day 3". */
export function effectLabel(e) {
  if (e.kind !== 'holiday' && e.kind !== 'event') return t(`kind_${e.kind}`);
  const phase = /phase (\d)/.exec(e.name ?? '')?.[1];
  const base = e.key === 'canton_fair' && phase ? t('cantonPhase', phase) : festivalName(e.key, e.name);
  // The Lunar New Year is one festival on both sides of the border (the model learns its shape from the mainland's block).
  const name = e.region && e.key !== 'canton_fair' && e.key !== 'lunar_new_year' ? `${base}${t('regionSuffix', e.region)}` : base;
  if (e.key === 'lunar_new_year') {
    if (e.phase === 'before' && e.days === 1) return t('lnyEve');
    if (e.phase === 'during') return t('lnyDay', e.days);
  }
  if (e.key === 'christmas' && e.phase === 'before' && e.days === 1) return t('christmasEve');
  if (e.phase === 'before') return t('daysBefore', name, e.days);
  if (e.phase === 'after') return t('daysAfter', name, e.days);
  return t('dayOf', name, e.days);
}

/** An effect as a signed percentage, e.g. 0.384 → "+38%", -0.05 → "−5%". */
export const signedPct = (x) => `${x >= 0 ? '+' : '−'}${Math.round(Math.abs(x) * 100)}%`;

/** "Lunar New Year eve: +38%". */
export const effectText = (e) => `${effectLabel(e)}${lang === 'en' ? ': ' : '：'}${signedPct(e.effect)}`;
