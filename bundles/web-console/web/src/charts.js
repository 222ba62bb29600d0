// ECharts from its core with only the parts the console draws, so the bundle carries no unused chart types.
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

const palette = ['#3fa7ff', '#35c27a', '#f5b93d', '#a77bff', '#f0504a', '#4dd6d0'];
export const severityColours = { critical: '#d3264b', major: '#f0504a', warning: '#f5b93d', info: '#3fa7ff' };

/** The dark theme's common options, merged under each chart's own. */
function base(option) {
  return {
    color: palette,
    backgroundColor: 'transparent',
    textStyle: { color: '#e6edf7', fontFamily: 'inherit' },
    grid: { left: 48, right: 16, top: 36, bottom: 28, containLabel: false },
    tooltip: { trigger: 'axis', backgroundColor: '#12213a', borderColor: '#24406b', textStyle: { color: '#e6edf7' } },
    legend: { top: 4, textStyle: { color: '#8fa3c0' }, itemWidth: 12, itemHeight: 8 },
    animation: false,
    ...option,
  };
}

export const axisStyle = {
  axisLine: { lineStyle: { color: '#24406b' } },
  axisLabel: { color: '#8fa3c0' },
  splitLine: { lineStyle: { color: '#1b2f50' } },
};

/**
 * A chart in `el` that follows the element's size. Returns { set(option), dispose() }; `set` replaces the series.
 */
export function chart(el, option) {
  // A panel hidden until its line is known has no size yet: start ECharts once it has one.
  let instance = null;
  let pending = option ? base(option) : null;
  const start = () => {
    if (instance || !el.clientWidth || !el.clientHeight) return;
    instance = echarts.init(el, null, { renderer: 'canvas' });
    if (pending) instance.setOption(pending, true);
  };
  const observer = new ResizeObserver(() => {
    if (instance) instance.resize();
    else start();
  });
  observer.observe(el);
  start();
  return {
    set(next) {
      pending = base(next);
      if (instance) instance.setOption(pending, true);
      else start();
    },
    dispose() {
      observer.disconnect();
      instance?.dispose();
      instance = null;
    },
  };
}
