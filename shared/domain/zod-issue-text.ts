// What a value that failed its schema must be, in Korean (never zod's raw English): the CLI's input errors and
// the landing events file's refused lines say it the same way.
import type { z } from 'zod';

/** What the value must be, e.g. "최대 40자입니다", "정수여야 합니다". */
export function issueText(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'too_big': {
      const max = String(issue.maximum);
      if (issue.origin === 'string') return issue.inclusive === false ? `${max}자보다 짧아야 합니다` : `최대 ${max}자입니다`;
      if (issue.origin === 'array' || issue.origin === 'set') return `최대 ${max}개입니다`;
      return issue.inclusive === false ? `${max}보다 작아야 합니다` : `${max} 이하여야 합니다`;
    }
    case 'too_small': {
      const min = String(issue.minimum);
      if (issue.origin === 'string') return min === '1' ? '비어 있을 수 없습니다' : `최소 ${min}자입니다`;
      if (issue.origin === 'array' || issue.origin === 'set') return `최소 ${min}개입니다`;
      return issue.inclusive === false ? `${min}보다 커야 합니다` : `${min} 이상이어야 합니다`;
    }
    case 'invalid_type':
      if (issue.expected === 'number' || issue.expected === 'int') return issue.expected === 'int' ? '정수여야 합니다' : '숫자여야 합니다';
      return issue.expected === 'nonoptional' ? '값이 필요합니다' : `${issue.expected} 값이어야 합니다`;
    case 'invalid_value':
      return `다음 중 하나여야 합니다: ${issue.values.map(String).join(', ')}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'URL 형식이어야 합니다' : '형식이 맞지 않습니다';
    case 'not_multiple_of':
      return `${issue.divisor}의 배수여야 합니다`;
    case 'unrecognized_keys':
      return `알 수 없는 항목입니다: ${issue.keys.join(', ')}`;
    default:
      return `올바르지 않은 값입니다 (${issue.message})`;
  }
}
