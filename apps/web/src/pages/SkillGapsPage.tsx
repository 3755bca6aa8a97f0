import { SkillGapView } from '../features/skill-gap/SkillGapView';

export default function SkillGapsPage() {
  return <SkillGapView />;
}
