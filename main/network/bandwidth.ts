// The leased line's bandwidth (seed 000 §4.2 5. 전용선 스펙 산정 가이드: "BW는 128k, 256k, 2M 등으로 기입",
// "전송량 산정 시 문서생성 API의 상세를 참고"): the documents of the busiest hour, sent as bulk requests of at most
// 100 (seed 001 §3.1), times the measured size of one such request, spread over the hour — rounded up to the
// next standard line size. Every step is written out so the agency can check it.
import type { BandwidthEstimate } from '../../shared/domain/network-documents.ts';
import { EDOC_LIMITS } from '../../shared/domain/edoc.ts';

/** Standard line sizes, in bit/s (k = 1,000): the series seed 000 §4.2 names (128k, 256k, 2M) and its steps. */
export const LINE_SIZES: readonly { label: string; bps: number }[] = [
  { label: '128k', bps: 128_000 },
  { label: '256k', bps: 256_000 },
  { label: '512k', bps: 512_000 },
  { label: '1M', bps: 1_000_000 },
  { label: '2M', bps: 2_000_000 },
  { label: '4M', bps: 4_000_000 },
  { label: '8M', bps: 8_000_000 },
  { label: '10M', bps: 10_000_000 },
  { label: '20M', bps: 20_000_000 },
  { label: '45M', bps: 45_000_000 },
  { label: '100M', bps: 100_000_000 },
  { label: '155M', bps: 155_000_000 },
  { label: '1G', bps: 1_000_000_000 },
];

/** The smallest standard size that carries `bps`; beyond the largest, the need itself (to agree with the agency). */
export function lineSizeFor(bps: number): string {
  const size = LINE_SIZES.find((s) => s.bps >= bps);
  if (size) return size.label;
  return `${Math.ceil(bps / 1_000_000)}M (1G 초과: 대행사와 협의)`;
}

export type RequestSize = { bytesPer100: number; source: BandwidthEstimate['source'] };

const n = (v: number): string => v.toLocaleString('ko-KR');

function sourceText(s: BandwidthEstimate['source'], seoul: (ms: number) => string): string {
  if (s.kind === 'sample') return '최근 발송 기록이 없어, 전자문서 발송(bulk) 요청 §3.2.1의 예시 형태로 만든 문서 100건짜리 표본 요청의 크기';
  const range = s.from !== null && s.to !== null ? `, ${seoul(s.from)} ~ ${seoul(s.to)}` : '';
  return `이 PC에서 최근 보낸 대량 발송 요청 ${n(s.requests)}건(문서 ${n(s.documents)}건${range})의 평균을 100건당으로 환산`;
}

export function estimateBandwidth(volume: { dailyDocuments: number; peakHourPercent: number }, size: RequestSize, seoul: (ms: number) => string): BandwidthEstimate {
  const perRequest = EDOC_LIMITS.bulkMaxDocuments;
  const peakHourDocuments = Math.ceil((volume.dailyDocuments * volume.peakHourPercent) / 100);
  const peakHourRequests = Math.ceil(peakHourDocuments / perRequest);
  const bytesPerHour = peakHourRequests * size.bytesPer100;
  const bitsPerSecond = Math.ceil((bytesPerHour * 8) / 3600);
  const line = lineSizeFor(bitsPerSecond);
  const steps = [
    `1. 피크 1시간 발송 건수 = 일 발송 건수 × 피크 1시간 비율 = ${n(volume.dailyDocuments)}건 × ${volume.peakHourPercent}% = ${n(peakHourDocuments)}건 (올림)`,
    `2. 피크 1시간 대량 발송 요청 수 = ${n(peakHourDocuments)}건 ÷ 요청당 ${perRequest}건(전자문서 발송(bulk) 요청 §3.1) = ${n(peakHourRequests)}건 (올림)`,
    `3. 대량 발송 요청 1건(문서 ${perRequest}건)의 크기 = ${n(size.bytesPer100)} bytes — ${sourceText(size.source, seoul)}`,
    `4. 피크 1시간 전송량 = ${n(peakHourRequests)}건 × ${n(size.bytesPer100)} bytes = ${n(bytesPerHour)} bytes`,
    `5. 필요 대역폭 = ${n(bytesPerHour)} bytes × 8 bit ÷ 3,600초 = ${n(bitsPerSecond)} bit/s`,
    `6. 표준 회선 크기(${LINE_SIZES.slice(0, 5).map((s) => s.label).join(', ')} …)로 올림 = ${line}`,
    '참고: 요청 본문만 셈한 값입니다(HTTP·TLS 머리글, 응답, 상태 조회는 빠짐). 여유를 두려면 한 단계 큰 회선을 검토하세요.',
  ];
  return {
    dailyDocuments: volume.dailyDocuments,
    peakHourPercent: volume.peakHourPercent,
    peakHourDocuments,
    peakHourRequests,
    bytesPer100: size.bytesPer100,
    source: size.source,
    bitsPerSecond,
    line,
    steps,
  };
}
