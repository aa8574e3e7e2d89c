/** Report exports: staffing and peak reports as XLSX, PDF and CSV, and their loaders. */
export * from './model.js';
export * from './csv.js';
export { staffingXlsx, peaksXlsx } from './xlsx.js';
export { staffingPdf, peaksPdf } from './pdf.js';
export { pdfFonts, pdfFont, collectionFaces, type PdfFont } from './pdfFonts.js';
export { buildStaffingReport, buildPeakReport, loadPortInfo, loadPortInfos, type StaffingReportOptions, type PeakReportOptions } from './build.js';
export { exportMessages } from '../../messages.js';
