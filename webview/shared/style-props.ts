/**
 * Like lit's styleMap, but always through the CSSOM (`style.setProperty`). styleMap writes a style
 * attribute on first render, which a CSP without 'unsafe-inline' blocks.
 */
import { noChange } from 'lit';
import { Directive, directive, PartType, type ElementPart, type PartInfo } from 'lit/directive.js';

class StyleProps extends Directive {
  private previous = new Set<string>();

  constructor(info: PartInfo) {
    super(info);
    if (info.type !== PartType.ELEMENT) throw new Error('styleProps goes on an element: <div ${styleProps({...})}>');
  }

  render(_styles: Record<string, string>): unknown {
    return noChange;
  }

  override update(part: ElementPart, [styles]: [Record<string, string>]): unknown {
    const style = (part.element as HTMLElement).style;
    for (const name of this.previous) if (!(name in styles)) style.removeProperty(name);
    for (const [name, value] of Object.entries(styles)) style.setProperty(name, value);
    this.previous = new Set(Object.keys(styles));
    return noChange;
  }
}

/** Usage: `<div ${styleProps({ left: '4px', background: c })}>` (CSS property names, kebab-case). */
export const styleProps = directive(StyleProps);
